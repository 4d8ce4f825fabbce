import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, NotImplementedError } from '../errors/odata-errors';
import { loadExpansions } from './expand';
import { parseQueryOptions, type QueryRules } from './options';
import { createPageReader, type Row } from './page-reader';
import { guid, model, people, testDb } from '../testing/people-model';

const rules: QueryRules = { allowSkip: false, setByName: (n) => model.get(n) };
let db: Knex;

beforeAll(async () => {
  db = await testDb();
  await db('teams').insert({ teamid: guid(900), title: 'Blue' });
  const names = ['Ann', 'bob', "O'Neil", 'Carla', 'dave', 'Eve', null];
  await db('people').insert(
    names.map((name, i) => ({
      personid: guid(i + 1),
      name,
      age: 20 + i,
      balance: i * 10.5,
      active: i % 2,
      born: new Date(Date.UTC(1990 + i, 0, 1)).toISOString(),
      _teamid_value: i < 2 ? guid(900) : null,
      version: i + 1,
    })),
  );
});
afterAll(async () => {
  await db.destroy();
});

async function names(query: string, pageSize = 100): Promise<unknown[]> {
  const options = parseQueryOptions(people, new URLSearchParams(query), rules);
  const reader = createPageReader(db, { set: people, options, pageSize });
  const out: unknown[] = [];
  for await (const chunk of reader.chunks()) out.push(...chunk.map((r) => r['name']));
  return out;
}

describe('query options evaluated in SQL', () => {
  it('compares strings case-insensitively with eq and escapes doubled quotes', async () => {
    expect(await names("$filter=name eq 'BOB'")).toEqual(['bob']);
    expect(await names("$filter=name eq 'o''neil'")).toEqual(["O'Neil"]);
  });

  it('combines and, or, not and parentheses', async () => {
    expect(await names("$filter=(age lt 22 or age gt 25) and not startswith(name,'a')")).toEqual([
      'bob',
      null,
    ]);
  });

  it('treats ne and not as true for null values, as OData does', async () => {
    expect(await names("$filter=name ne 'Ann'")).toHaveLength(6);
    expect(await names("$filter=not contains(name,'a')")).toEqual(['bob', "O'Neil", 'Eve', null]);
  });

  it('filters on null, GUID, decimal, boolean and date-time literals', async () => {
    expect(await names('$filter=name eq null')).toEqual([null]);
    expect(await names(`$filter=personid eq ${guid(3).toUpperCase()}`)).toEqual(["O'Neil"]);
    expect(await names('$filter=balance ge 52.5')).toEqual(['Eve', null]);
    expect(await names('$filter=active eq true')).toEqual(['bob', 'Carla', 'Eve']);
    expect(await names('$filter=born gt 1995-01-01T00:00:00Z')).toEqual([null]);
    expect(await names("$filter=endswith(name,'LA')")).toEqual(['Carla']);
  });

  it('orders by $orderby then the key, and honours $top', async () => {
    expect(await names('$orderby=age desc&$top=2')).toEqual([null, 'Eve']);
  });

  it('pages with an opaque skip token that continues where the page ended', async () => {
    const options = parseQueryOptions(people, new URLSearchParams('$orderby=name'), rules);
    const first = createPageReader(db, { set: people, options, pageSize: 3, chunkSize: 2 });
    const page1: Row[] = [];
    for await (const c of first.chunks()) page1.push(...c);
    const token = first.nextSkipToken();
    expect(token).toBeDefined();
    const next = parseQueryOptions(
      people,
      new URLSearchParams(`$orderby=name&$skiptoken=${token}`),
      rules,
    );
    const rest: Row[] = [];
    const second = createPageReader(db, { set: people, options: next, pageSize: 10 });
    for await (const c of second.chunks()) rest.push(...c);
    expect(second.nextSkipToken()).toBeUndefined();
    expect([...page1, ...rest].map((r) => r['name'])).toEqual(
      [null, 'Ann', 'Carla', "O'Neil", 'bob', 'dave', 'Eve'].sort((a, b) =>
        a === null ? -1 : b === null ? 1 : a < b ? -1 : 1,
      ),
    );
  });

  it('rejects a skip token that belongs to another query', async () => {
    const options = parseQueryOptions(people, new URLSearchParams(''), rules);
    const reader = createPageReader(db, { set: people, options, pageSize: 2 });
    for await (const _ of reader.chunks()) void _;
    const token = reader.nextSkipToken() ?? '';
    const other = parseQueryOptions(
      people,
      new URLSearchParams(`$filter=age gt 1&$skiptoken=${token}`),
      rules,
    );
    expect(() => createPageReader(db, { set: people, options: other, pageSize: 2 })).toThrow(
      BadRequestError,
    );
  });

  it('counts the filtered collection', async () => {
    const options = parseQueryOptions(people, new URLSearchParams('$filter=age ge 23'), rules);
    expect(await createPageReader(db, { set: people, options, pageSize: 1 }).count()).toBe(4);
  });

  it('expands a lookup with a nested $select and a collection navigation', async () => {
    const options = parseQueryOptions(
      people,
      new URLSearchParams('$expand=teamid($select=title)'),
      rules,
    );
    expect(options.expand[0]?.select).toEqual(['title']);
    const rows = (await db('people').orderBy('personid')) as Row[];
    const [teams] = await loadExpansions(db, people, rows, options.expand, (n) => model.get(n));
    expect(teams?.single.get(guid(900))?.['title']).toBe('Blue');
    const teamSet = model.get('teams')!;
    const teamOptions = parseQueryOptions(teamSet, new URLSearchParams('$expand=members'), rules);
    const [members] = await loadExpansions(
      db,
      teamSet,
      await db<Row>('teams'),
      teamOptions.expand,
      (n) => model.get(n),
    );
    expect(members?.many.get(guid(900))?.map((r) => r['name'])).toEqual(['Ann', 'bob']);
  });
});

describe('query option mistakes', () => {
  const bad = (q: string) => () => parseQueryOptions(people, new URLSearchParams(q), rules);
  it.each([
    ['$filter=name eq', 'InvalidFilter'],
    ['$filter=nosuch eq 1', 'InvalidProperty'],
    ["$filter=age eq 'x'", 'InvalidFilter'],
    ['$filter=personid eq 12', 'InvalidFilter'],
    ['$filter=age gt null', 'InvalidFilter'],
    ['$filter=tolower(name) eq 1', 'InvalidFilter'],
    ['$select=name,nosuch', 'InvalidProperty'],
    ['$orderby=name sideways', 'InvalidQuery'],
    ['$top=-1', 'InvalidQuery'],
    ['$skip=1', 'SkipNotSupported'],
    ['$count=maybe', 'InvalidQuery'],
    ['$expand=nosuch', 'InvalidProperty'],
  ])('%s is a 400 with reason %s', (q, reason) => {
    expect(bad(q)).toThrow(BadRequestError);
    try {
      bad(q)();
    } catch (err) {
      expect((err as BadRequestError).reason).toBe(reason);
    }
  });

  it('answers 501 for options the mock does not implement', () => {
    expect(bad('$search=x')).toThrow(NotImplementedError);
    expect(bad('$expand=teamid($filter=title eq 1)')).toThrow(NotImplementedError);
  });

  it('accepts $skip where the service allows it', () => {
    const o = parseQueryOptions(people, new URLSearchParams('$skip=3'), {
      ...rules,
      allowSkip: true,
    });
    expect(o.skip).toBe(3);
  });
});
