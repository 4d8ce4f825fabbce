import fc from 'fast-check';
import { anyJson, badId, hugeText, malformedJson, odataGarbage, type FuzzCase } from './common';

export interface ErpFuzzContext {
  token: string;
  companyId: string;
  /** Real record ids (with their current etags) per entity set, for stale-etag and bad-body PATCHes. */
  records: Record<'customers' | 'contacts' | 'items', { id: string; etag: string }[]>;
}

const sets = ['customers', 'contacts', 'items'] as const;
const queryOptions = [
  '$filter',
  '$orderby',
  '$top',
  '$skip',
  '$select',
  '$expand',
  '$count',
  '$skiptoken',
  '$search',
  '$apply',
  '$format',
] as const;

/** A value that is never a valid displayName (all three sets have a text(100) displayName). */
const invalidDisplayName: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  fc.integer({ min: 101, max: 400 }).map((n) => 'D'.repeat(n)),
);

/** Wrong-typed or out-of-range values for the other fields, plus unknown and prototype keys. */
const extraFields: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'creditLimit',
      'blocked',
      'email',
      'website',
      'type',
      'number',
      'id',
      'lastModifiedDateTime',
      'unitPrice',
      'inventory',
      'phoneNumber',
      'constructor',
      '__proto__',
      'toString',
      '@odata.etag',
    ),
    fc.string({ maxLength: 10 }),
  ),
  anyJson,
  { maxKeys: 4 },
);

const invalidBody = fc
  .tuple(invalidDisplayName, extraFields)
  .map(([displayName, extra]) => JSON.stringify({ ...extra, displayName }));

/** Every generator of bad ERP requests, weighted; all mutations among them are invalid. */
export function erpFuzzCases(ctx: ErpFuzzContext): fc.Arbitrary<FuzzCase> {
  const auth = { authorization: `Bearer ${ctx.token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const company = `/api/v2.0/companies(${ctx.companyId})`;
  const set = fc.constantFrom(...sets);
  const existing = set.chain((s) =>
    ctx.records[s].length > 0
      ? fc.constantFrom(...ctx.records[s]).map((r) => ({ set: s, ...r }))
      : fc.constant({ set: s, id: '00000000-0000-0000-0000-000000000000', etag: 'W/"x"' }),
  );

  const query: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      set,
      fc.array(fc.tuple(fc.constantFrom(...queryOptions), odataGarbage), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.boolean(),
    )
    .map(([s, options, count]) => ({
      kind: 'odata query',
      method: 'GET',
      path: `${company}/${s}${count ? '/$count' : ''}?${options
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
        .join('&')}`,
      headers: auth,
      mutation: false,
    }));

  const pagesize: fc.Arbitrary<FuzzCase> = fc
    .tuple(set, fc.oneof(odataGarbage, fc.integer().map(String)))
    .map(([s, v]) => ({
      kind: 'prefer header',
      method: 'GET',
      path: `${company}/${s}?$top=3`,
      headers: { ...auth, prefer: `odata.maxpagesize=${v.replace(/[^\x20-\x7e]/g, '')}` },
      mutation: false,
    }));

  const idCase: fc.Arbitrary<FuzzCase> = fc
    .tuple(set, badId, fc.constantFrom('GET', 'PATCH', 'DELETE'), fc.boolean())
    .map(([s, id, method, quoted]) => ({
      kind: 'bad id',
      method,
      path: `${company}/${s}(${encodeURIComponent(quoted ? `'${id}'` : id)})`,
      headers: { ...json, 'if-match': '*' },
      ...(method === 'PATCH' ? { body: '{"displayName":"fuzz"}' } : {}),
      mutation: method !== 'GET',
    }));

  const badCompany: fc.Arbitrary<FuzzCase> = fc
    .tuple(badId, set, fc.constantFrom('GET', 'POST'))
    .map(([id, s, method]) => ({
      kind: 'bad company',
      method,
      path: `/api/v2.0/companies(${encodeURIComponent(id)})/${s}`,
      headers: json,
      ...(method === 'POST' ? { body: '{"displayName":"fuzz"}' } : {}),
      mutation: method === 'POST',
    }));

  const create: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      set,
      fc.oneof(
        malformedJson,
        invalidBody,
        anyJson.map((v) => JSON.stringify([v])),
      ),
    )
    .map(([s, body]) => ({
      kind: 'bad create body',
      method: 'POST',
      path: `${company}/${s}`,
      headers: json,
      body,
      mutation: true,
    }));

  const update: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      existing,
      fc.oneof(
        // a valid body with a stale or made-up etag
        fc.constantFrom('W/"JzE7MDsn"', 'W/"stale"', '"x"', 'W/', ''),
        fc.constant('*'),
      ),
      fc.oneof(malformedJson, invalidBody),
      fc.constantFrom('PATCH', 'DELETE', 'PUT'),
    )
    .map(([record, ifMatch, body, method]) => {
      // With '*' (or the real etag) only an invalid body can make it a bad request.
      const staleEtag = ifMatch !== '*' && ifMatch !== record.etag;
      const bodyIsValid = method === 'PATCH' && staleEtag;
      return {
        kind: 'bad update',
        method,
        path: `${company}/${record.set}(${record.id})`,
        headers: { ...json, ...(ifMatch === '' ? {} : { 'if-match': ifMatch }) },
        body: bodyIsValid ? '{"displayName":"fuzz overwrite"}' : body,
        // DELETE with '*' is a valid request: never generate it.
        mutation: true,
      };
    })
    .filter((c) => !(c.method === 'DELETE' && c.headers['if-match'] === '*'));

  const batchOp = fc.oneof(
    anyJson,
    fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
        method: fc.oneof(
          fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'get', ''),
          fc.integer(),
        ),
        url: fc.oneof(
          set.map((s) => `companies(${ctx.companyId})/${s}`),
          badId.map((id) => `companies(${ctx.companyId})/customers(${id})`),
          odataGarbage,
          fc.constant('http://evil.example/api'),
        ),
        headers: fc.oneof(
          fc.constant({ 'content-type': 'application/json', 'if-match': 'W/"stale"' }),
          anyJson,
        ),
        body: invalidBody.map((b) => JSON.parse(b) as unknown),
        dependsOn: fc.oneof(fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }), anyJson),
      },
      { requiredKeys: ['body'] },
    ),
  );
  const batch: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      fc.oneof(
        malformedJson,
        anyJson.map((v) => JSON.stringify(v)),
        anyJson.map((v) => JSON.stringify({ requests: v })),
        fc.array(batchOp, { maxLength: 6 }).map((ops) => JSON.stringify({ requests: ops })),
        fc.integer({ min: 101, max: 300 }).map((n) =>
          JSON.stringify({
            requests: Array.from({ length: n }, (_, i) => ({
              id: String(i),
              method: 'POST',
              url: `companies(${ctx.companyId})/customers`,
              body: { displayName: `too many ${i}` },
            })),
          }),
        ),
      ),
      fc.boolean(),
    )
    .map(([body, atomic]) => ({
      kind: 'bad $batch',
      method: 'POST',
      path: '/api/v2.0/$batch',
      headers: { ...json, ...(atomic ? { isolation: 'snapshot' } : {}) },
      body,
      // The envelope is 200 whenever it parses; each operation's answer is checked instead.
      mutation: false,
    }));

  const huge: fc.Arbitrary<FuzzCase> = fc.tuple(set, hugeText).map(([s, body]) => ({
    kind: 'huge payload',
    method: 'POST',
    path: `${company}/${s}`,
    headers: json,
    body,
    mutation: true,
  }));

  const headersCase: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      set,
      fc.constantFrom(
        {},
        { authorization: 'Bearer wrong' },
        { authorization: 'Basic Zm9vOmJhcg==' },
        { authorization: `Bearer ${ctx.token}`, 'content-type': 'text/plain' },
        { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/xml' },
        { authorization: `Bearer ${ctx.token}`, 'content-type': 'multipart/mixed; boundary=x' },
      ),
      fc.constantFrom('GET', 'POST'),
    )
    .map(([s, headers, method]) => ({
      kind: 'bad auth or content type',
      method,
      path: `${company}/${s}`,
      headers,
      ...(method === 'POST' ? { body: '<customer displayName="x"/>' } : {}),
      // Without a valid token even a good body must be refused; with a wrong content type too.
      mutation: method === 'POST',
    }));

  const randomPath: fc.Arbitrary<FuzzCase> = fc
    .tuple(fc.string({ maxLength: 60 }), fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'))
    .map(([p, method]) => ({
      kind: 'random path',
      method,
      path: `/api/v2.0/${encodeURI(p)}`,
      headers: { ...json, 'if-match': 'W/"stale"' },
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{"displayName":5}' }),
      mutation: method !== 'GET',
    }));

  return fc.oneof(
    { arbitrary: query, weight: 30 },
    { arbitrary: pagesize, weight: 4 },
    { arbitrary: idCase, weight: 12 },
    { arbitrary: badCompany, weight: 4 },
    { arbitrary: create, weight: 15 },
    { arbitrary: update, weight: 12 },
    { arbitrary: batch, weight: 12 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: headersCase, weight: 4 },
    { arbitrary: randomPath, weight: 6 },
  );
}
