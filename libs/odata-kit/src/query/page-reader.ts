import type { Knex } from 'knex';
import type { EntitySetDef } from '../schema/entity-set';
import { applyFilter } from './filter-sql';
import type { OrderKey, QueryOptions } from './options';
import {
  decodeSkipToken,
  encodeSkipToken,
  queryFingerprint,
  type SkipTokenState,
} from './skip-token';

export type Row = Record<string, unknown>;

export interface PageRequest {
  set: EntitySetDef;
  options: QueryOptions;
  /** Rows per page (the service caps it). */
  pageSize: number;
  /** Columns to read (order keys and the key are added). Default: all. */
  columns?: readonly string[];
  /** Extra conditions (tenant/company, version window). Must be the same for every page. */
  scope?: (qb: Knex.QueryBuilder) => void;
  /** Part of the token fingerprint, e.g. a delta window, so tokens cannot be mixed up. */
  scopeKey?: string;
  /** Rows per SQL read inside a page (default 1000): a 5000-row page is read in 5 chunks. */
  chunkSize?: number;
}

export interface PageReader {
  /** The page's rows, chunk by chunk, in a stable order (order keys, then the key). */
  chunks(): AsyncGenerator<Row[], void, undefined>;
  /** After `chunks()` is done: the `$skiptoken` of the next page, undefined on the last page. */
  nextSkipToken(): string | undefined;
  /** `@odata.count` of the whole filtered collection. */
  count(): Promise<number>;
}

/** The order of a collection: `$orderby`, then the key, so that every row has one place. */
export function orderKeysOf(set: EntitySetDef, options: QueryOptions): OrderKey[] {
  const keys = [...options.orderBy];
  if (!keys.some((k) => k.property === set.key)) keys.push({ property: set.key, desc: false });
  return keys;
}

/**
 * Rows strictly after `after` in the order of `keys` (keyset paging, stable under inserts and
 * deletes). SQLite sorts NULL first ascending and last descending; the conditions follow that.
 */
function whereAfter(qb: Knex.QueryBuilder, keys: OrderKey[], after: SkipTokenState['after']) {
  void qb.where((outer) => {
    keys.forEach((key, i) => {
      void outer.orWhere((inner) => {
        for (let j = 0; j < i; j++) {
          const k = keys[j] as OrderKey;
          const v = after[j] ?? null;
          if (v === null) void inner.whereNull(k.property);
          else void inner.where(k.property, v);
        }
        const v = after[i] ?? null;
        if (!key.desc) {
          if (v === null) void inner.whereNotNull(key.property);
          else void inner.where(key.property, '>', v);
        } else if (v === null) void inner.whereRaw('1 = 0');
        else
          void inner.where((q) => {
            void q.where(key.property, '<', v).orWhereNull(key.property);
          });
      });
    });
  });
}

/**
 * Reads one page of a collection with SQL only: filter, order and keyset position are pushed to
 * the database, the page is read in chunks, and nothing beyond the page (+1 row) is loaded.
 */
export function createPageReader(db: Knex | Knex.Transaction, request: PageRequest): PageReader {
  const { set, options } = request;
  const keys = orderKeysOf(set, options);
  const fingerprint = queryFingerprint([
    set.name,
    options.filter ?? null,
    keys,
    request.scopeKey ?? '',
  ]);
  const token =
    options.skipToken === undefined
      ? undefined
      : decodeSkipToken(options.skipToken, keys.length, fingerprint);
  const chunkSize = Math.max(1, request.chunkSize ?? 1000);
  const columns =
    request.columns === undefined
      ? undefined
      : [...new Set([...request.columns, ...keys.map((k) => k.property)])];
  let next: string | undefined;

  const base = () => {
    const qb = db(set.name);
    request.scope?.(qb);
    const filter = options.filter;
    if (filter) void qb.andWhere((q) => applyFilter(q, filter));
    return qb;
  };

  async function* chunks(): AsyncGenerator<Row[], void, undefined> {
    let left = token ? token.left : options.top;
    let after = token?.after;
    let skip = token ? 0 : (options.skip ?? 0);
    let remaining = left === undefined ? request.pageSize : Math.min(request.pageSize, left);
    next = undefined;
    while (remaining > 0) {
      const n = Math.min(chunkSize, remaining);
      const qb = base();
      if (after) whereAfter(qb, keys, after);
      for (const k of keys) void qb.orderBy(k.property, k.desc ? 'desc' : 'asc');
      if (skip > 0) void qb.offset(skip);
      skip = 0;
      const rows = (await (columns ? qb.select(columns) : qb.select('*')).limit(n + 1)) as Row[];
      const served = rows.slice(0, n);
      if (served.length > 0) yield served;
      const last = served[served.length - 1];
      if (rows.length <= n || !last) return;
      after = keys.map((k) => (last[k.property] ?? null) as string | number | null);
      remaining -= n;
      if (left !== undefined) left -= n;
      if (left === 0) return;
    }
    if (after) next = encodeSkipToken({ after, left, query: fingerprint });
  }

  return {
    chunks,
    nextSkipToken: () => next,
    async count() {
      const row = (await base().count({ n: '*' }).first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    },
  };
}
