import fc from 'fast-check';
import type { ProcedureInfo } from '../procedures';
import { anyJson, badId, hugeText, malformedJson, type FuzzCase } from './common';

/** Input keys the API's schemas use, so wrong types reach the validators (not just "expected object"). */
const inputKeys = [
  'target',
  'by',
  'errorIds',
  'couplingIds',
  'filter',
  'mappingId',
  'erpId',
  'crmId',
  'couplingId',
  'errorId',
  'jobId',
  'id',
  'choice',
  'winner',
  'fields',
  'limit',
  'cursor',
  'direction',
  'dryRun',
  'username',
  'password',
  'state',
  'states',
  'kind',
  'kinds',
  'search',
  'sort',
  'order',
  'since',
  'until',
  'reason',
  'updateConflictPolicy',
  'scheduleMinutes',
  'errorThreshold',
  'mode',
  '__proto__',
  'constructor',
];

/** Objects with real key names and values of the wrong type or shape. */
const wrongTypedInput: fc.Arbitrary<unknown> = fc.dictionary(
  fc.constantFrom(...inputKeys),
  fc.oneof(
    anyJson,
    badId,
    fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, 'erp', 'both', '', '  '),
    fc.array(badId, { maxLength: 3 }),
    fc.record({
      by: fc.constantFrom('errors', 'couplings', 'filter', 'all', ''),
      errorIds: anyJson,
    }),
  ),
  { minKeys: 1, maxKeys: 4 },
);

const inputText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: malformedJson, weight: 3 },
  { arbitrary: anyJson.map((v) => JSON.stringify(v)), weight: 2 },
  { arbitrary: wrongTypedInput.map((v) => JSON.stringify(v)), weight: 5 },
);

export interface TrpcFuzzContext {
  procedures: readonly ProcedureInfo[];
  /** Headers of a logged-in admin (cookie and CSRF token), so inputs reach the validators. */
  headers: Record<string, string>;
}

/** Bad requests for every procedure of the router; mutations among them are all invalid. */
export function trpcFuzzCases(ctx: TrpcFuzzContext): fc.Arbitrary<FuzzCase> {
  // auth.logout takes any object (it ends the session): fuzzing it would log the fuzzer out.
  const targets = ctx.procedures.filter((p) => p.path !== 'auth.logout');
  const procedure = fc.constantFrom(...targets);
  const json = { ...ctx.headers, 'content-type': 'application/json' };

  const call: fc.Arbitrary<FuzzCase> = fc.tuple(procedure, inputText).map(([p, input]) =>
    p.type === 'mutation'
      ? {
          kind: 'bad input (mutation)',
          method: 'POST',
          path: `/trpc/${p.path}`,
          headers: json,
          body: input,
          mutation: true,
        }
      : {
          kind: `bad input (${p.type})`,
          method: 'GET',
          path: `/trpc/${p.path}?input=${encodeURIComponent(input)}`,
          headers: ctx.headers,
          mutation: false,
        },
  );

  const batch: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      fc.array(procedure, { minLength: 1, maxLength: 4 }),
      fc.array(inputText, { maxLength: 4 }),
      fc.boolean(),
    )
    .map(([ps, inputs, asObject]) => {
      const mutation = ps.some((p) => p.type === 'mutation');
      const body = asObject
        ? `{${inputs.map((v, i) => `"${i}":${v}`).join(',')}}`
        : (inputs[0] ?? '{');
      return {
        kind: 'bad batch',
        method: mutation ? 'POST' : 'GET',
        path: `/trpc/${ps.map((p) => p.path).join(',')}?batch=1${mutation ? '' : `&input=${encodeURIComponent(body)}`}`,
        headers: mutation ? json : ctx.headers,
        ...(mutation ? { body } : {}),
        mutation,
      };
    });

  const wrongMethod: fc.Arbitrary<FuzzCase> = fc
    .tuple(procedure, fc.constantFrom('PUT', 'DELETE', 'PATCH', 'GET', 'POST'))
    .map(([p, method]) => ({
      kind: 'wrong method',
      method,
      path: `/trpc/${p.path}`,
      headers: json,
      ...(method === 'GET' ? {} : { body: '{"target":5}' }),
      mutation: p.type === 'mutation' && method !== 'GET',
    }));

  const unknownPath: fc.Arbitrary<FuzzCase> = fc
    .tuple(fc.string({ maxLength: 40 }), fc.constantFrom('GET', 'POST'))
    .map(([p, method]) => ({
      kind: 'unknown procedure',
      method,
      path: `/trpc/${encodeURIComponent(p)}`,
      headers: json,
      ...(method === 'POST' ? { body: '{}' } : {}),
      mutation: method === 'POST',
    }));

  const huge: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      procedure.filter((p) => p.type === 'mutation'),
      hugeText,
    )
    .map(([p, body]) => ({
      kind: 'huge payload',
      method: 'POST',
      path: `/trpc/${p.path}`,
      headers: json,
      body,
      mutation: true,
    }));

  const contentType: fc.Arbitrary<FuzzCase> = fc
    .tuple(
      procedure.filter((p) => p.type === 'mutation'),
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
      ),
    )
    .map(([p, type]) => ({
      kind: 'content type',
      method: 'POST',
      path: `/trpc/${p.path}`,
      headers: { ...ctx.headers, ...(type ? { 'content-type': type } : {}) },
      body: 'target=1&by=errors',
      mutation: true,
    }));

  return fc.oneof(
    { arbitrary: call, weight: 60 },
    { arbitrary: batch, weight: 12 },
    { arbitrary: wrongMethod, weight: 8 },
    { arbitrary: unknownPath, weight: 6 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: contentType, weight: 4 },
  );
}
