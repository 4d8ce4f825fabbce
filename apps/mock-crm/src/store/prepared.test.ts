import { afterEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { openDatabase } from './database';
import { createPreparedStatements, type PreparedStatements } from './prepared';

const open: { db: Knex; prepared: PreparedStatements }[] = [];
afterEach(async () => {
  for (const { db, prepared } of open.splice(0)) {
    await prepared.close();
    await db.destroy();
  }
});

async function store() {
  const db = await openDatabase(':memory:');
  const prepared = createPreparedStatements(db);
  open.push({ db, prepared });
  return { db, prepared };
}

const insert =
  'insert into `accounts` (`accountid`, `name`, `versionnumber`) values (?, ?, ?) ' +
  'on conflict (`accountid`) do nothing returning `accountid`';

describe('prepared statements', () => {
  it('runs one statement many times with its values and answers its rows', async () => {
    const { db, prepared } = await store();
    const queries: string[] = [];
    db.on('query', (q: { sql: string }) => queries.push(q.sql));
    expect(await prepared.all(insert, ['a1', 'First', 1])).toEqual([{ accountid: 'a1' }]);
    expect(await prepared.all(insert, ['a2', null, 2])).toEqual([{ accountid: 'a2' }]);
    // The id is taken: nothing inserted, no row answered.
    expect(await prepared.all(insert, ['a1', 'Again', 3])).toEqual([]);
    const rows = await db('accounts').orderBy('accountid').select('accountid', 'name');
    expect(rows).toEqual([
      { accountid: 'a1', name: 'First' },
      { accountid: 'a2', name: null },
    ]);
    expect(queries.filter((sql) => sql === insert)).toHaveLength(3);
    expect(prepared.size()).toBe(1);
  });

  it('keeps a bounded number of statements, whatever column sets clients send', async () => {
    const { db, prepared } = await store();
    const columns = [
      'name',
      'telephone1',
      'emailaddress1',
      'websiteurl',
      'address1_line1',
      'address1_city',
      'address1_postalcode',
    ];
    // Every subset of seven columns: 128 different statements, twice the bound.
    for (let mask = 0; mask < 128; mask++) {
      const chosen = columns.filter((_, i) => mask & (1 << i));
      const names = ['accountid', 'versionnumber', ...chosen];
      const sql =
        `insert into \`accounts\` (${names.map((n) => `\`${n}\``).join(', ')}) ` +
        `values (${names.map(() => '?').join(', ')}) returning \`accountid\``;
      await prepared.all(sql, [`id-${mask}`, mask, ...chosen.map((c) => `${c} ${mask}`)]);
      expect(prepared.size()).toBeLessThanOrEqual(64);
    }
    expect(await db('accounts').count({ n: '*' })).toEqual([{ n: 128 }]);
    // Past the bound the statements were finalized and prepared again: still answering.
    expect(await prepared.all(insert, ['last', 'Last', 99])).toEqual([{ accountid: 'last' }]);
    expect(prepared.size()).toBeGreaterThan(0);
  });

  it('reports a statement refused when prepared or when run as an error, and goes on', async () => {
    const { prepared } = await store();
    await expect(prepared.all('insert into `nosuchtable` (`a`) values (?)', [1])).rejects.toThrow(
      /no such table/,
    );
    // Prepared, refused when run: the second insert of one id.
    const plain = 'insert into `accounts` (`accountid`) values (?)';
    await prepared.all(plain, ['b0']);
    await expect(prepared.all(plain, ['b0'])).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await prepared.all(insert, ['b1', 'Fine', 1])).toEqual([{ accountid: 'b1' }]);
  });
});
