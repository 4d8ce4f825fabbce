/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

interface Fixture {
  tag: string;
  ids: Record<string, string>;
  parentId: string;
  since: string;
}

export function queryRules(ctx: () => ContractContext) {
  let fixture: Promise<Fixture> | undefined;
  /** Five accounts sharing a unique `description`, so every query is scoped to this run. */
  const data = () =>
    (fixture ??= (async () => {
      const tag = ctx().unique('Query');
      const since = new Date(Date.now() - 60_000).toISOString();
      const rows = [
        ['alpha', 'Alpha Trading', 'Oslo', 1000, 'alpha@example.com'],
        ['beta', 'beta logistics', 'Bergen', 2000, null],
        ['gamma', 'Gamma Holding', 'Oslo', 3000, 'gamma@example.com'],
        ['delta', 'DELTA Systems', null, 4000, 'delta@example.org'],
        ['epsilon', "O'Neil & Sons", 'Trondheim', 5000, null],
      ] as const;
      const ids: Record<string, string> = {};
      for (const [key, name, city, credit, email] of rows) {
        const created = await ctx().create('accounts', {
          name,
          address1_city: city,
          creditlimit: credit,
          emailaddress1: email,
          description: tag,
        });
        ids[key] = created.id;
      }
      const parentId = ids['alpha'] as string;
      for (const lastname of ['One', 'Two']) {
        await ctx().create('contacts', {
          firstname: tag,
          lastname,
          'parentcustomerid_account@odata.bind': `/accounts(${parentId})`,
        });
      }
      return { tag, ids, parentId, since };
    })());
  const q = (text: string) => encodeURIComponent(text);
  /** Names of the fixture accounts matching `filter` (ANDed with the fixture tag). */
  const names = async (filter: string, extra = '') => {
    const { tag } = await data();
    const reply = await ctx().client.get(
      `accounts?$select=name&$filter=${q(`description eq '${tag}' and (${filter})`)}${extra}`,
    );
    expect(reply.status, reply.text).toBe(200);
    return (reply.body.value as { name: string }[]).map((r) => r.name);
  };
  const sorted = (list: string[]) => [...list].sort();

  it('$select returns only the selected properties plus the key and the etag', async () => {
    const { tag } = await data();
    const reply = await ctx().client.get(
      `accounts?$select=name,address1_city&$filter=${q(`description eq '${tag}'`)}`,
    );
    expect(reply.status).toBe(200);
    for (const r of reply.body.value as Record<string, unknown>[]) {
      expect(Object.keys(r).sort()).toEqual(
        ['@odata.etag', 'accountid', 'address1_city', 'name'].sort(),
      );
    }
  });

  it('$filter eq on text ignores case', async () => {
    expect(await names(`name eq 'BETA LOGISTICS'`)).toEqual(['beta logistics']);
  });

  it('$filter compares numbers with eq ne gt ge lt le', async () => {
    expect(await names('creditlimit eq 3000')).toEqual(['Gamma Holding']);
    expect(await names('creditlimit ne 3000')).toHaveLength(4);
    expect(await names('creditlimit gt 4000')).toEqual(["O'Neil & Sons"]);
    expect(await names('creditlimit ge 4000')).toHaveLength(2);
    expect(await names('creditlimit lt 2000')).toEqual(['Alpha Trading']);
    expect(await names('creditlimit le 2000')).toHaveLength(2);
  });

  it('$filter combines and, or, not and parentheses', async () => {
    expect(
      sorted(
        await names(
          `(address1_city eq 'Oslo' or address1_city eq 'Bergen') and creditlimit gt 1000`,
        ),
      ),
    ).toEqual(['Gamma Holding', 'beta logistics']);
    expect(sorted(await names(`not (address1_city eq 'Oslo')`))).toEqual(
      sorted(['beta logistics', 'DELTA Systems', "O'Neil & Sons"]),
    );
  });

  it('$filter supports contains, startswith and endswith, ignoring case', async () => {
    expect(await names(`contains(name, 'HOLD')`)).toEqual(['Gamma Holding']);
    expect(await names(`startswith(name, 'delta')`)).toEqual(['DELTA Systems']);
    expect(await names(`endswith(emailaddress1, '.ORG')`)).toEqual(['DELTA Systems']);
  });

  it('$filter reads quoted apostrophes in string literals', async () => {
    expect(await names(`name eq 'O''Neil & Sons'`)).toEqual(["O'Neil & Sons"]);
  });

  it('$filter compares with null', async () => {
    expect(sorted(await names('emailaddress1 eq null'))).toEqual(
      sorted(['beta logistics', "O'Neil & Sons"]),
    );
    expect(await names('address1_city ne null')).toHaveLength(4);
  });

  it('$filter takes GUID literals, e.g. on a lookup value', async () => {
    const { tag, parentId } = await data();
    const reply = await ctx().client.get(
      `contacts?$select=lastname&$filter=${q(`_parentcustomerid_value eq ${parentId} and firstname eq '${tag}'`)}`,
    );
    expect(reply.status).toBe(200);
    expect(sorted((reply.body.value as { lastname: string }[]).map((r) => r.lastname))).toEqual([
      'One',
      'Two',
    ]);
  });

  it('$filter takes date-time literals', async () => {
    const { since } = await data();
    expect(await names(`modifiedon ge ${since}`)).toHaveLength(5);
    expect(await names(`modifiedon lt ${since}`)).toEqual([]);
  });

  it('$orderby sorts ascending and descending', async () => {
    const asc = await names('creditlimit gt 0', '&$orderby=creditlimit asc');
    expect(asc).toEqual([
      'Alpha Trading',
      'beta logistics',
      'Gamma Holding',
      'DELTA Systems',
      "O'Neil & Sons",
    ]);
    expect(await names('creditlimit gt 0', '&$orderby=creditlimit desc')).toEqual(
      [...asc].reverse(),
    );
  });

  it('$top limits the number of records', async () => {
    expect(await names('creditlimit gt 0', '&$top=2&$orderby=creditlimit')).toEqual([
      'Alpha Trading',
      'beta logistics',
    ]);
  });

  it('$count=true adds @odata.count of the filtered collection', async () => {
    const { tag } = await data();
    const reply = await ctx().client.get(
      `accounts?$select=name&$count=true&$top=1&$filter=${q(`description eq '${tag}'`)}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.body['@odata.count']).toBe(5);
    expect(reply.body.value).toHaveLength(1);
  });

  it('$expand of a lookup with $select inside returns the related record', async () => {
    const { tag, parentId } = await data();
    const reply = await ctx().client.get(
      `contacts?$select=lastname&$expand=parentcustomerid_account($select=name,address1_city)&$filter=${q(`firstname eq '${tag}'`)}`,
    );
    expect(reply.status).toBe(200);
    for (const c of reply.body.value as Record<string, any>[]) {
      expect(c.parentcustomerid_account).toMatchObject({
        accountid: parentId,
        name: 'Alpha Trading',
        address1_city: 'Oslo',
      });
      expect(c.parentcustomerid_account.creditlimit).toBeUndefined();
    }
  });

  it('$expand of a one-to-many navigation lists the related records', async () => {
    const { parentId } = await data();
    const reply = await ctx().client.get(
      `accounts(${parentId})?$select=name&$expand=contact_customer_accounts($select=lastname)`,
    );
    expect(reply.status).toBe(200);
    expect(
      sorted(
        (reply.body.contact_customer_accounts as { lastname: string }[]).map((c) => c.lastname),
      ),
    ).toEqual(['One', 'Two']);
  });

  it('$skip is not supported and is answered with an error', async () => {
    const reply = await ctx().client.get('accounts?$skip=1');
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toContain('$skip');
  });

  it('a $filter with bad syntax is answered 400 with an OData error', async () => {
    const reply = await ctx().client.get(`accounts?$filter=${q("name eq 'unclosed")}`);
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('a $filter, $select or $orderby on an unknown property is answered 400', async () => {
    for (const query of [
      `$filter=${q("nosuchfield eq 'x'")}`,
      '$select=name,nosuchfield',
      '$orderby=nosuchfield',
    ]) {
      const reply = await ctx().client.get(`accounts?${query}`);
      expect(reply.status, query).toBe(400);
      expect(errorOf(reply).message).toContain('nosuchfield');
    }
  });

  it('Prefer: odata.maxpagesize pages with @odata.nextLink and $skiptoken, each record once', async () => {
    const { tag } = await data();
    const seen: string[] = [];
    let url: string | undefined = `accounts?$select=name&$filter=${q(`description eq '${tag}'`)}`;
    let pages = 0;
    while (url !== undefined && pages < 10) {
      const reply = await ctx().client.get(url, { Prefer: 'odata.maxpagesize=2' });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('preference-applied')).toContain('odata.maxpagesize=2');
      expect((reply.body.value as unknown[]).length).toBeLessThanOrEqual(2);
      seen.push(...(reply.body.value as { accountid: string }[]).map((r) => r.accountid));
      url = reply.body['@odata.nextLink'] as string | undefined;
      if (url !== undefined) expect(url).toContain('$skiptoken=');
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
  });

  it('several preferences in one comma-separated Prefer header are all honoured', async () => {
    const { tag } = await data();
    const reply = await ctx().client.get(
      `accounts?$select=name&$filter=${q(`description eq '${tag}'`)}`,
      { Prefer: 'odata.include-annotations="*",odata.maxpagesize=3' },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.value).toHaveLength(3);
    expect(reply.body['@odata.nextLink']).toBeDefined();
  });

  it('a $skiptoken from another query is refused with 400', async () => {
    const { tag } = await data();
    const first = await ctx().client.get(
      `accounts?$select=name&$filter=${q(`description eq '${tag}'`)}`,
      { Prefer: 'odata.maxpagesize=1' },
    );
    const token = new URL(first.body['@odata.nextLink'] as string).searchParams.get('$skiptoken');
    const reply = await ctx().client.get(
      `accounts?$select=name&$orderby=name&$skiptoken=${q(token ?? '')}`,
    );
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('/$count answers the number of records as plain text', async () => {
    const { tag } = await data();
    const reply = await ctx().client.get(
      `accounts/$count?$filter=${q(`description eq '${tag}'`)}`,
      { accept: 'text/plain' },
    );
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('5');
  });
}
