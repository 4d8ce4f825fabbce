import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockCrm, type MockCrm } from './create-mock-crm';

type Op =
  | { kind: 'create'; n: number }
  | { kind: 'update'; pick: number; n: number }
  | { kind: 'delete'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), n: fc.nat(999) }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), n: fc.nat(999) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);

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

/** Applies one random write; ids of live records are tracked to pick update/delete targets. */
async function apply(a: MockCrm, live: string[], o: Op, counter: { n: number }) {
  if (o.kind === 'create' || live.length === 0) {
    const id = `00000000-0000-4000-8000-${String(++counter.n).padStart(12, '0')}`;
    await call(a, 'PATCH', `products(${id})`, { name: `P${o.kind === 'create' ? o.n : 0}` });
    live.push(id);
    return;
  }
  const id = live[o.pick % live.length] as string;
  if (o.kind === 'update') {
    await call(a, 'PATCH', `products(${id})`, { name: `U${o.n}` });
  } else {
    await call(a, 'DELETE', `products(${id})`);
    live.splice(live.indexOf(id), 1);
  }
}

describe('change tracking (property)', () => {
  it('a replica fed only by delta reads ends equal to the server, whatever writes happen between and during pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 25 }),
        fc.array(op, { maxLength: 25 }),
        fc.array(op, { maxLength: 10 }),
        fc.integer({ min: 1, max: 4 }),
        async (before, between, during, pageSize) => {
          const a = await createMockCrm({ token: 't' });
          try {
            const live: string[] = [];
            const counter = { n: 0 };
            const replica = new Map<string, string>();
            let pendingDuring = [...during];
            /** Reads all pages of a tracking request into the replica, writing between pages. */
            const sync = async (first: string) => {
              let url: string | undefined = first;
              for (let i = 0; i < 500; i++) {
                const page = await call(
                  a,
                  'GET',
                  url as string,
                  undefined,
                  `odata.track-changes,odata.maxpagesize=${pageSize}`,
                );
                expect(page.status).toBe(200);
                for (const item of page.body['value'] as Record<string, unknown>[]) {
                  if (item['reason'] === 'deleted') replica.delete(String(item['id']));
                  else replica.set(String(item['productid']), String(item['name']));
                }
                const next = pendingDuring.shift();
                if (next) await apply(a, live, next, counter);
                if (page.body['@odata.deltaLink']) return String(page.body['@odata.deltaLink']);
                url = page.body['@odata.nextLink'] as string | undefined;
              }
              throw new Error('no delta link');
            };
            for (const o of before) await apply(a, live, o, counter);
            let link = await sync('products?$select=name');
            for (const o of between) await apply(a, live, o, counter);
            // Until the writes made during paging are drained, one more delta catches them up.
            for (let round = 0; round < 30; round++) {
              link = await sync(link);
              if (pendingDuring.length === 0) break;
            }
            pendingDuring = [];
            link = await sync(link);
            const server = await call(a, 'GET', 'products?$select=name');
            const truth = new Map(
              (server.body['value'] as { productid: string; name: string }[]).map((r) => [
                r.productid,
                r.name,
              ]),
            );
            expect(new Map([...replica].sort())).toEqual(new Map([...truth].sort()));
          } finally {
            await a.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
