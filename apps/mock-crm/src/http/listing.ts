import type { Knex } from 'knex';
import {
  BadRequestError,
  createPageReader,
  jsonCollectionStream,
  parsePrefer,
  parseQueryOptions,
  type EntitySetDef,
  odataJsonContentType,
  type QueryOptions,
} from '@twinsync/odata-kit';
import { typeNameOf, model } from '../model';
import type { Db, Row } from '../store/records';
import { contextFragment, recordsJson } from './representation';

/** Dataverse: default and largest page (`Prefer: odata.maxpagesize`). */
export const maxPageSize = 5000;
const chunkSize = 1000;

export const queryRules = (set: EntitySetDef) => ({
  allowSkip: false,
  typeName: typeNameOf(set),
  setByName: (name: string) => model.get(name),
  mockName: 'mock-crm',
});

export interface ListContext {
  db: Db;
  set: EntitySetDef;
  req: Request;
  url: URL;
  /** `http://host/api/data/v9.2/` */
  serviceRoot: string;
  /** The newest version number handed out (the upper bound of a change-tracking read). */
  currentVersion: () => number;
}

/** The page size a request asks for, capped at 5000. */
function pageSizeOf(prefer: ReturnType<typeof parsePrefer>): number {
  const raw = prefer.all.get('odata.maxpagesize');
  if (raw === undefined) return maxPageSize;
  if (prefer.maxPageSize === undefined || prefer.maxPageSize < 1) {
    throw new BadRequestError(
      `The preference odata.maxpagesize=${String(raw)} is not valid; give a positive integer.`,
      'InvalidQuery',
    );
  }
  return Math.min(prefer.maxPageSize, maxPageSize);
}

/** The request's query string without the paging tokens, to build next and delta links. */
function linkBase(ctx: ListContext): string {
  const params = new URLSearchParams();
  for (const [k, v] of ctx.url.searchParams) {
    const lower = k.toLowerCase();
    if (lower === '$skiptoken' || lower === '$deltatoken') continue;
    params.append(k, v);
  }
  const text = params.toString().replace(/%24/g, '$').replace(/%2C/gi, ',');
  return `${ctx.serviceRoot}${ctx.set.name}?${text === '' ? '' : `${text}&`}`;
}

function appliedHeader(prefer: ReturnType<typeof parsePrefer>, size: number, tracking: boolean) {
  const applied: string[] = [];
  if (prefer.all.has('odata.maxpagesize')) applied.push(`odata.maxpagesize=${size}`);
  if (tracking) applied.push('odata.track-changes');
  return applied.length === 0 ? {} : { 'preference-applied': applied.join(',') };
}

/** `GET <set>`: a streamed page (filter, order, keyset paging in SQL) or a change-tracking page. */
export async function listCollection(ctx: ListContext): Promise<Response> {
  const prefer = parsePrefer(ctx.req.headers.get('prefer'));
  const options = parseQueryOptions(ctx.set, ctx.url.searchParams, queryRules(ctx.set));
  const pageSize = pageSizeOf(prefer);
  const tracking =
    prefer.trackChanges ||
    options.deltaToken !== undefined ||
    (options.skipToken !== undefined && isTrackingToken(options.skipToken));
  if (tracking) return trackChanges(ctx, options, prefer, pageSize);

  const reader = createPageReader(ctx.db, {
    set: ctx.set,
    options,
    pageSize,
    chunkSize,
  });
  const head: Record<string, unknown> = {
    '@odata.context': `${ctx.serviceRoot}$metadata#${contextFragment(ctx.set, options.select)}`,
  };
  if (options.count) head['@odata.count'] = await reader.count();
  const { db, set } = ctx;
  async function* chunks() {
    for await (const rows of reader.chunks()) {
      yield await recordsJson(db, set, rows, options.select, options.expand);
    }
  }
  const base = linkBase(ctx);
  const body = jsonCollectionStream(head, chunks(), () => {
    const next = reader.nextSkipToken();
    return next === undefined ? {} : { '@odata.nextLink': `${base}$skiptoken=${next}` };
  });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': odataJsonContentType,
      'odata-version': '4.0',
      ...appliedHeader(prefer, pageSize, false),
    },
  });
}

/** Where a change-tracking read is: the window (since, upto], the phase and its position. */
interface TrackingState {
  since: number | null;
  upto: number;
  phase: 'rows' | 'deleted';
  /** Rows phase: the kit's keyset token of the next page. */
  rowsToken: string | null;
  /** Deleted phase: the last tombstone served (version, id). */
  after: [number, string] | null;
}

const trackingPrefix = 'ct.';

function isTrackingToken(token: string): boolean {
  return token.startsWith(trackingPrefix);
}

function encodeTracking(state: TrackingState): string {
  return trackingPrefix + Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

function decodeTracking(token: string, current: number): TrackingState {
  const invalid = () =>
    new BadRequestError(
      `The $skiptoken '${token.slice(0, 100)}' is not valid for this query.`,
      'InvalidSkipToken',
    );
  let s: Partial<TrackingState>;
  try {
    s = JSON.parse(
      Buffer.from(token.slice(trackingPrefix.length), 'base64url').toString('utf8'),
    ) as Partial<TrackingState>;
  } catch {
    throw invalid();
  }
  const version = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (
    typeof s !== 'object' ||
    s === null ||
    !(s.since === null || version(s.since)) ||
    !version(s.upto) ||
    (s.upto as number) > current ||
    (s.phase !== 'rows' && s.phase !== 'deleted') ||
    !(s.rowsToken === null || typeof s.rowsToken === 'string') ||
    !(
      s.after === null ||
      (Array.isArray(s.after) &&
        s.after.length === 2 &&
        version(s.after[0]) &&
        typeof s.after[1] === 'string')
    )
  ) {
    throw invalid();
  }
  return s as TrackingState;
}

function parseDeltaToken(token: string, current: number): number {
  const m = /^(\d{1,15})(?:!.*)?$/.exec(token);
  const v = m?.[1] === undefined ? NaN : Number(m[1]);
  if (!Number.isSafeInteger(v) || v > current) {
    throw new BadRequestError(
      `The $deltatoken '${token.slice(0, 100)}' is not valid for this entity set.`,
      'InvalidDeltaToken',
    );
  }
  return v;
}

function trackChanges(
  ctx: ListContext,
  options: QueryOptions,
  prefer: ReturnType<typeof parsePrefer>,
  pageSize: number,
): Response {
  const refused = [
    options.filter !== undefined && '$filter',
    options.orderBy.length > 0 && '$orderby',
    options.expand.length > 0 && '$expand',
    options.top !== undefined && '$top',
    options.count && '$count',
  ].filter((x): x is string => typeof x === 'string');
  if (refused.length > 0) {
    throw new BadRequestError(
      `The query option${refused.length > 1 ? 's' : ''} ${refused.join(', ')} cannot be combined with change tracking (Prefer: odata.track-changes); only $select is supported.`,
      'InvalidQuery',
    );
  }
  const current = ctx.currentVersion();
  let state: TrackingState;
  if (options.skipToken !== undefined) {
    if (!isTrackingToken(options.skipToken)) {
      throw new BadRequestError(
        `The $skiptoken '${options.skipToken.slice(0, 100)}' is not valid for this query.`,
        'InvalidSkipToken',
      );
    }
    state = decodeTracking(options.skipToken, current);
  } else {
    const since =
      options.deltaToken === undefined ? null : parseDeltaToken(options.deltaToken, current);
    state = { since, upto: current, phase: 'rows', rowsToken: null, after: null };
  }
  const { db, set } = ctx;
  const select = options.select;
  const deletedContext = `${ctx.serviceRoot}$metadata#${set.name}/$deletedEntity`;
  let next: TrackingState | undefined;

  async function* chunks(): AsyncGenerator<Record<string, unknown>[], void, undefined> {
    let served = 0;
    let after = state.after;
    if (state.phase === 'rows') {
      const window = (qb: Knex.QueryBuilder) => {
        if (state.since !== null) void qb.where('versionnumber', '>', state.since);
        void qb.andWhere('versionnumber', '<=', state.upto);
      };
      const reader = createPageReader(db, {
        set,
        options: { ...options, skipToken: state.rowsToken ?? undefined, deltaToken: undefined },
        pageSize,
        chunkSize,
        scope: window,
        scopeKey: `delta:${String(state.since)}:${state.upto}`,
      });
      for await (const rows of reader.chunks()) {
        served += rows.length;
        yield await recordsJson(db, set, rows, select, []);
      }
      const rowsToken = reader.nextSkipToken();
      if (rowsToken !== undefined) {
        next = { ...state, rowsToken };
        return;
      }
      if (state.since === null) return;
      after = null;
    }
    const since = state.since ?? 0;
    while (served < pageSize) {
      const n = Math.min(chunkSize, pageSize - served);
      const qb = db('deletions')
        .where('entityset', set.name)
        .andWhere('versionnumber', '>', since)
        .andWhere('versionnumber', '<=', state.upto);
      const from = after;
      if (from) {
        void qb.andWhere((q) => {
          void q
            .where('versionnumber', '>', from[0])
            .orWhere((q2) => void q2.where('versionnumber', from[0]).andWhere('id', '>', from[1]));
        });
      }
      const rows = await qb
        .orderBy([
          { column: 'versionnumber', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(n + 1)
        .select<Row[]>('id', 'versionnumber');
      const page = rows.slice(0, n);
      if (page.length > 0) {
        served += page.length;
        yield page.map((r) => ({
          '@odata.context': deletedContext,
          id: String(r['id']),
          reason: 'deleted',
        }));
        const last = page[page.length - 1] as Row;
        after = [Number(last['versionnumber']), String(last['id'])];
      }
      if (rows.length <= n) return;
    }
    next = { ...state, phase: 'deleted', rowsToken: null, after };
  }

  const base = linkBase(ctx);
  const head = {
    '@odata.context': `${ctx.serviceRoot}$metadata#${contextFragment(set, select)}/$delta`,
  };
  const body = jsonCollectionStream(head, chunks(), () =>
    next === undefined
      ? { '@odata.deltaLink': `${base}$deltatoken=${state.upto}` }
      : { '@odata.nextLink': `${base}$skiptoken=${encodeTracking(next)}` },
  );
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': odataJsonContentType,
      'odata-version': '4.0',
      ...appliedHeader(prefer, pageSize, true),
    },
  });
}
