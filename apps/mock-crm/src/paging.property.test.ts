import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockCrm, type MockCrm } from './create-mock-crm';

async function call(a: MockCrm, method: string, url: string, body?: unknown, prefer?: string) {
  const headers: Record<string, string> = { authorization: 'Bearer t' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (prefer !== undefined) headers['prefer'] = prefer;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const full = url.startsWith('http') ? url : `http://crm.test/api/data/v9.2/${url}`;
  const res = await a.handle(new Request(full, init));
  const text = await res.text();
  return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- arbitrary JSON
}

const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('server-driven paging (property)', () => {
  it('returns every record that exists throughout the read exactly once, whatever the order, page size and concurrent writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: fc.constantFrom('Alpha', 'beta', 'Gamma', 'delta', null),
            credit: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.constantFrom(
          '',
          '&$orderby=name',
          '&$orderby=name desc',
          '&$orderby=creditlimit desc,name',
          '&$orderby=createdon',
        ),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 10 }),
        async (rows, order, pageSize, writes) => {
          const a = await createMockCrm({ token: 't' });
          try {
            let n = 0;
            const ids: string[] = [];
            for (const r of rows) {
              const id = guid(++n);
              ids.push(id);
              await call(a, 'PATCH', `accounts(${id})`, { name: r.name, creditlimit: r.credit });
            }
            const deleted = new Set<string>();
            const seen: string[] = [];
            let url: string | undefined = `accounts?$select=name,creditlimit${order}`;
            const pending = [...writes];
            for (let i = 0; url !== undefined && i < 200; i++) {
              const page = await call(a, 'GET', url, undefined, `odata.maxpagesize=${pageSize}`);
              expect(page.status).toBe(200);
              const value = page.body['value'] as { accountid: string }[];
              expect(value.length).toBeLessThanOrEqual(pageSize);
              seen.push(...value.map((r) => r.accountid));
              const w = pending.shift();
              if (w) {
                const [insert, pick] = w;
                if (insert) await call(a, 'PATCH', `accounts(${guid(++n)})`, { name: 'Late' });
                else {
                  const victim = ids[pick % ids.length] as string;
                  deleted.add(victim);
                  await call(a, 'DELETE', `accounts(${victim})`);
                }
              }
              url = page.body['@odata.nextLink'] as string | undefined;
            }
            expect(url).toBeUndefined();
            expect(new Set(seen).size).toBe(seen.length);
            for (const id of ids) if (!deleted.has(id)) expect(seen).toContain(id);
          } finally {
            await a.close();
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);
});
