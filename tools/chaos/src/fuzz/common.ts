import fc from 'fast-check';
import { knownDefectOf } from '../known-defects';

/** A request the fuzzer expects to be refused (or, for reads, answered) — never a 5xx. */
export interface FuzzCase {
  /** Which generator made it, for the per-kind tally. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Would change data if accepted: it must get a 4xx (a 2xx is counted as wrongly accepted). */
  mutation: boolean;
}

/** Text that is almost JSON: cut short, doubled, with stray characters or comments. */
export const malformedJson: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.json({ maxDepth: 3 }), fc.nat())
    .filter(([json]) => json.length > 1)
    .map(([json, n]) => json.slice(0, 1 + (n % (json.length - 1)))),
  fc.json({ maxDepth: 2 }).map((json) => `${json}${json}`),
  fc.constantFrom(
    '{',
    '}',
    '{"a":}',
    "{'displayName':'x'}",
    '{"displayName":"x",}',
    '{"displayName":"x" // comment\n}',
    'NaN',
    'undefined',
    '\u0000',
    '\ufeff{}x',
    '{"a":1e999999}',
    '['.repeat(5000),
    '{"a":'.repeat(3000),
  ),
  fc.string({ maxLength: 40 }).map((s) => `{${s}`),
);

/** JSON values of every type, for places expecting something else. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), {
    maxKeys: 3,
  }),
);

/** Large bodies: one long string, many keys, or deep nesting. Sizes from 64 KiB to 3 MiB. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(64 * 1024, 512 * 1024, 1100 * 1024, 3 * 1024 * 1024), fc.nat(2))
  .map(([size, shape]) => {
    if (shape === 0) return JSON.stringify({ displayName: 'x'.repeat(size) });
    if (shape === 1) {
      const keys = Math.floor(size / 16);
      const entries: string[] = [];
      for (let i = 0; i < keys; i++) entries.push(`"k${i}":${i}`);
      return `{${entries.join(',')}}`;
    }
    const depth = Math.min(Math.floor(size / 2), 200_000);
    return `${'['.repeat(depth)}${']'.repeat(depth)}`;
  });

/** Strings meant to trip OData parsers: token soup, quotes, huge numbers, control characters. */
export const odataGarbage: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc
    .array(
      fc.constantFrom(
        'displayName',
        'number',
        'creditLimit',
        'lastModifiedDateTime',
        'id',
        'eq',
        'ne',
        'gt',
        'and',
        'or',
        'not',
        'in',
        '(',
        ')',
        "'",
        "''",
        ',',
        '/',
        '$it',
        'contains(',
        'startswith(',
        'tolower(',
        'substring(',
        'null',
        'true',
        '1',
        '-1',
        '1.5e308',
        '99999999999999999999999',
        '2024-13-45T99:99:99Z',
        '00000000-0000-0000-0000-000000000000',
        'asc',
        'desc',
        '*',
        '@p',
        '%',
        '\\',
        'any(x:x',
        'contactsInformation',
        '__proto__',
        'constructor',
      ),
      { minLength: 1, maxLength: 9 },
    )
    .chain((tokens) => fc.constantFrom(' ', '', ',').map((sep) => tokens.join(sep))),
);

/** Identifiers that are not ids of anything: near-GUIDs, quoted strings, numbers, traversal. */
export const badId: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.uuid().map((u) => u.slice(0, 35)),
  fc.uuid().map((u) => `${u}0`),
  fc.uuid().map((u) => `'${u}'`),
  fc.uuid().map((u) => u.replace(/-/g, '')),
  fc.uuid().map((u) => `{${u}}`),
  fc.constantFrom(
    '',
    "''",
    '0',
    '-1',
    '1e400',
    'null',
    '../companies',
    '%00',
    'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(5000),
  ),
);

/** The tally of one fuzz run. */
export interface FuzzTally {
  requests: number;
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
  /** 501 answers with an OData NotImplemented error (deliberate, documented). */
  notImplemented: number;
  serverErrors: {
    kind: string;
    method: string;
    path: string;
    status: number | string;
    body: string;
  }[];
  /** Mutations that got a 2xx although every generated mutation is invalid. */
  acceptedMutations: { kind: string; method: string; path: string; status: number }[];
  /** Findings explained by a known defect (see known-defects.ts), by defect id. */
  known: Record<string, number>;
}

export function emptyTally(): FuzzTally {
  return {
    requests: 0,
    byStatus: {},
    byKind: {},
    notImplemented: 0,
    serverErrors: [],
    acceptedMutations: [],
    known: {},
  };
}

export function record(
  tally: FuzzTally,
  c: FuzzCase,
  status: number | 'dropped',
  text: string,
): void {
  tally.requests += 1;
  tally.byStatus[String(status)] = (tally.byStatus[String(status)] ?? 0) + 1;
  tally.byKind[c.kind] = (tally.byKind[c.kind] ?? 0) + 1;
  // 501 is the documented answer for what a mock deliberately does not implement
  // (../shared/docs/api-contracts.md): a clear refusal, counted apart, not a failure.
  const known = knownDefectOf({ method: c.method, path: c.path, status });
  if (known && (status === 'dropped' || status >= 500 || (c.mutation && status < 300))) {
    tally.known[known.id] = (tally.known[known.id] ?? 0) + 1;
  } else if (status === 501 && /NotImplemented|not implemented/i.test(text)) {
    tally.notImplemented += 1;
  } else if (status === 'dropped' || status >= 500) {
    tally.serverErrors.push({
      kind: c.kind,
      method: c.method,
      path: c.path.slice(0, 300),
      status,
      body: `${(c.body ?? '').slice(0, 300)} → ${text.slice(0, 300)}`,
    });
  } else if (c.mutation && status < 300) {
    tally.acceptedMutations.push({
      kind: c.kind,
      method: c.method,
      path: c.path.slice(0, 300),
      status,
    });
  }
}
