import fc from 'fast-check';
import { anyJson, badId, hugeText, malformedJson, odataGarbage, type FuzzCase } from './common';

export type CrmSet = 'accounts' | 'contacts' | 'products';

export interface CrmFuzzContext {
  token: string;
  /** Real record ids (with their etags) per entity set. */
  records: Record<CrmSet, { id: string; etag: string }[]>;
}

const sets = ['accounts', 'contacts', 'products'] as const;
/** A string column of each set whose wrong value makes any body invalid. */
const stringColumn: Record<CrmSet, { name: string; max: number }> = {
  accounts: { name: 'name', max: 160 },
  contacts: { name: 'lastname', max: 50 },
  products: { name: 'name', max: 100 },
};
const queryOptions = [
  '$filter',
  '$orderby',
  '$top',
  '$skip',
  '$select',
  '$expand',
  '$count',
  '$skiptoken',
  '$deltatoken',
  '$apply',
  '$search',
] as const;

function invalidBody(set: CrmSet): fc.Arbitrary<string> {
  const column = stringColumn[set];
  return fc
    .tuple(
      fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
        fc.integer({ min: column.max + 1, max: column.max + 300 }).map((n) => 'N'.repeat(n)),
      ),
      fc.dictionary(
        fc.oneof(
          fc.constantFrom(
            'statecode',
            'versionnumber',
            'price',
            'accountid',
            'creditlimit',
            '@odata.etag',
            'parentcustomerid_account@odata.bind',
            '__proto__',
            'constructor',
          ),
          fc.string({ maxLength: 8 }),
        ),
        anyJson,
        { maxKeys: 3 },
      ),
    )
    .map(([value, extra]) => JSON.stringify({ ...extra, [column.name]: value }));
}

/** Bad Dataverse requests; all writes among them are invalid (a PATCH to a new id would upsert). */
export function crmFuzzCases(ctx: CrmFuzzContext): fc.Arbitrary<FuzzCase> {
  const auth = { authorization: `Bearer ${ctx.token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const root = '/api/data/v9.2';
  const set = fc.constantFrom(...sets);

  const query: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      set,
      fc.array(fc.tuple(fc.constantFrom(...queryOptions), odataGarbage), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([s, options, count, track]) => ({
      kind: 'odata query',
      method: 'GET',
      path: `${root}/${s}${count ? '/$count' : ''}?${options.map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('&')}`,
      headers: track ? { ...auth, prefer: 'odata.track-changes' } : auth,
      mutation: false,
    }));

  const idCase: fc.Arbitrary<FuzzCase> = fc
    .tuple(set, badId, fc.constantFrom('GET', 'PATCH', 'DELETE'))
    .chain(([s, id, method]) =>
      invalidBody(s).map((body) => ({
        kind: 'bad id',
        method,
        path: `${root}/${s}(${encodeURIComponent(id)})`,
        headers: { ...json, 'if-match': '*' },
        ...(method === 'PATCH' ? { body } : {}),
        mutation: method !== 'GET',
      })),
    );

  const create: fc.Arbitrary<FuzzCase> = set.chain((s) =>
    fc
      .oneof(
        malformedJson,
        invalidBody(s),
        anyJson.map((v) => JSON.stringify([v])),
      )
      .map((body) => ({
        kind: 'bad create body',
        method: 'POST',
        path: `${root}/${s}`,
        headers: json,
        body,
        mutation: true,
      })),
  );

  const existing = set.chain((s) =>
    ctx.records[s].length > 0
      ? fc.constantFrom(...ctx.records[s]).map((r) => ({ set: s, ...r }))
      : fc.constant({ set: s, id: '00000000-0000-0000-0000-000000000000', etag: 'W/"0"' }),
  );
  const update: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      existing,
      fc.constantFrom('W/"1"', 'W/"stale"', '"x"', '*'),
      fc.constantFrom('PATCH', 'DELETE', 'PUT'),
    )
    .chain(([r, ifMatch, method]) =>
      invalidBody(r.set).map((body) => ({
        kind: 'bad update',
        method,
        path: `${root}/${r.set}(${r.id})`,
        headers: { ...json, 'if-match': ifMatch },
        ...(method === 'DELETE' ? {} : { body }),
        mutation: true,
      })),
    )
    .filter(
      (c) =>
        !(
          c.method === 'DELETE' &&
          (c.headers['if-match'] === '*' || c.headers['if-match'] === 'W/"1"')
        ),
    );

  const part = (s: CrmSet, body: string, i: number) =>
    [
      `--b`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${i}`,
      '',
      `POST ${root}/${s} HTTP/1.1`,
      'Content-Type: application/json',
      '',
      body,
      '',
    ].join('\r\n');
  const batch: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      fc.oneof(
        malformedJson,
        fc.string({ maxLength: 200 }),
        fc
          .array(
            set.chain((s) => invalidBody(s).map((b) => [s, b] as const)),
            { minLength: 1, maxLength: 4 },
          )
          .map((ops) => `${ops.map(([s, b], i) => part(s, b, i + 1)).join('')}--b--\r\n`),
        fc
          .array(set, { minLength: 1, maxLength: 3 })
          .map((ss) => `${ss.map((s, i) => part(s, '{"name":', i + 1)).join('')}`),
        fc.constant(
          '--b\r\nContent-Type: multipart/mixed; boundary=cs\r\n\r\n--cs\r\n\r\nGARBAGE\r\n--cs--\r\n--b--\r\n',
        ),
      ),
      fc.constantFrom(
        'multipart/mixed; boundary=b',
        'multipart/mixed',
        'application/json',
        'text/plain',
      ),
    )
    .map(([body, type]) => ({
      kind: 'bad $batch',
      method: 'POST',
      path: `${root}/$batch`,
      headers: { ...auth, 'content-type': type },
      body,
      // The envelope may be 200 with each failing part inside; the store snapshot is the judge.
      mutation: false,
    }));

  const huge: fc.Arbitrary<FuzzCase> = fc.tuple(set, hugeText).map(([s, body]) => ({
    kind: 'huge payload',
    method: 'POST',
    path: `${root}/${s}`,
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
        { authorization: 'Basic eDp5' },
        { ...auth, 'content-type': 'text/plain' },
      ),
    )
    .map(([s, headers]) => ({
      kind: 'bad auth or content type',
      method: 'POST',
      path: `${root}/${s}`,
      headers,
      body: '{"name":"Fuzz Ltd"}',
      mutation: true,
    }));

  const randomPath: fc.Arbitrary<FuzzCase> = fc
    .tuple(fc.string({ maxLength: 60 }), fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'))
    .map(([p, method]) => ({
      kind: 'random path',
      method,
      path: `${root}/${encodeURI(p)}`,
      headers: { ...json, 'if-match': 'W/"stale"' },
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{"name":5,"lastname":5}' }),
      mutation: method !== 'GET',
    }));

  return fc.oneof(
    { arbitrary: query, weight: 30 },
    { arbitrary: idCase, weight: 12 },
    { arbitrary: create, weight: 15 },
    { arbitrary: update, weight: 12 },
    { arbitrary: batch, weight: 12 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: headersCase, weight: 4 },
    { arbitrary: randomPath, weight: 6 },
  );
}
