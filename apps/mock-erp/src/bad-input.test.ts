import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockErp, type MockErp } from './create-mock-erp';
import { usa } from './testing/api-client';

const headers = { authorization: 'Bearer dev-token', 'content-type': 'application/json' };
const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const key = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'displayName',
    'email',
    'creditLimit',
    'blocked',
    'number',
    'id',
    'constructor',
    'toString',
    '__proto__',
    'companyNumber',
  ),
);

/** Random client mistakes against the in-process handler: never a 5xx, and no 5xx inside a batch. */
describe('malformed input', () => {
  let app: MockErp;
  beforeAll(async () => {
    app = await createMockErp();
    await app.controls.seed(5, 1);
  });
  afterAll(() => app.close());

  const send = async (path: string, init: RequestInit = {}) => {
    const res = await app.handle(
      new Request(`http://erp.test${path}`, { ...init, headers: { ...headers, ...init.headers } }),
    );
    const text = await res.text();
    return { status: res.status, text };
  };

  it('random query options never get a 5xx', async () => {
    const option = fc.constantFrom(
      '$filter',
      '$select',
      '$orderby',
      '$top',
      '$skip',
      '$count',
      '$expand',
      '$skiptoken',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        'valueOf',
        'A/A',
        '@A',
        'a eq b',
        'tolower(x)',
        'not blocked',
        '100000000000000000000',
        '9007199254740993',
        Buffer.from('{"after":[{"a":1},[2]],"left":-1}').toString('base64url'),
        Buffer.from('{"after":["C1"]}').toString('base64url'),
      ),
    );
    await fc.assert(
      fc.asyncProperty(option, text, async (name, v) => {
        const r = await send(
          `/api/v2.0/companies(${usa})/customers?${name}=${encodeURIComponent(v)}&$top=1`,
        );
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('random bodies for every entity set never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('customers', 'contacts', 'items'),
        fc.dictionary(key, value, { maxKeys: 4 }),
        async (set, body) => {
          const r = await send(`/api/v2.0/companies(${usa})/${set}`, {
            method: 'POST',
            body: JSON.stringify(body),
          });
          expect(r.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random paths and methods never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 60 }),
        fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'),
        async (path, method) => {
          const hasBody = method !== 'GET' && method !== 'DELETE';
          const r = await send(`/api/v2.0/${encodeURI(path)}`, {
            method,
            headers: { 'if-match': '*' },
            ...(hasBody ? { body: '{}' } : {}),
          });
          expect(r.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random $batch bodies never get a 5xx, not even for one operation', async () => {
    const op = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()),
        method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'X'),
        url: fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom(
            `companies(${usa})/customers`,
            '$batch',
            'subscriptions',
            'http://elsewhere/x',
          ),
        ),
        headers: fc.dictionary(
          fc.constantFrom('If-Match', 'Content-Type', 'x'),
          fc.oneof(fc.string(), fc.integer()),
        ),
        body: value,
        dependsOn: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.record({ requests: fc.array(op, { maxLength: 5 }) }), value),
        fc.boolean(),
        async (body, atomic) => {
          const r = await send('/api/v2.0/$batch', {
            method: 'POST',
            headers: atomic ? { isolation: 'snapshot' } : {},
            body: JSON.stringify(body),
          });
          expect(r.status).toBeLessThan(500);
          expect(r.text).not.toContain('Internal_ServerError');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random /_mock/ control bodies never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('edit', 'delete', 'faults', 'limits', 'counters', 'deleted', 'nope'),
        fc.constantFrom('GET', 'POST', 'PUT'),
        value,
        async (name, method, body) => {
          const r = await send(`/_mock/${name}`, {
            method,
            ...(method === 'GET' ? {} : { body: JSON.stringify(body) }),
          });
          expect(r.status).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
    app.controls.setFaults({ rate429: 0, rate503: 0, rateDrop: 0, latencyMs: [0, 0] });
    await send('/_mock/limits', {
      method: 'PUT',
      body: JSON.stringify({ requestsPerWindow: 6000, concurrent: 5, queued: 95 }),
    });
  });
});
