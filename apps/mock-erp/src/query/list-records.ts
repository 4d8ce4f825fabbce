import type { Knex } from 'knex';
import { contactsSpec, type EntitySetSpec, type ErpRecord } from '../domain/entity-sets';
import { BadRequestError, RecordNotFoundError } from '../errors';
import { fromSql, type Db, type RecordRow } from '../repositories/records';
import { presentRecord, type ApiRecord } from '../services/record-service';
import { applyFilter } from './filter';
import { parseListOptions, preferredPageSize, type ListOptions, type OrderKey } from './options';

/** BC serves at most 20000 entities per page. */
export const maxPageSize = 20000;

export interface ListRequest {
  spec: EntitySetSpec;
  companyId: string;
  url: URL;
  prefer: string | null;
  countOnly: boolean;
  /** Set for `.../customers(<id>)`: one record, `$select`/`$expand` apply. */
  id?: string;
}

export type ListResult =
  | { kind: 'count'; count: number }
  | { kind: 'single'; value: ApiRecord }
  | {
      kind: 'page';
      value: Partial<ApiRecord>[];
      count: number | undefined;
      nextLink: string | undefined;
      preferenceApplied: string | undefined;
    };

export type ListRecords = (db: Db, request: ListRequest) => Promise<ListResult>;

interface SkipToken {
  /** Order-key values of the last row served. */
  after: (string | number)[];
  /** How many of `$top` are still to be served. */
  left: number | undefined;
}

function encodeToken(t: SkipToken): string {
  return Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

function decodeToken(raw: string): SkipToken {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as SkipToken;
    if (!Array.isArray(t.after)) throw new Error('shape');
    return t;
  } catch {
    throw new BadRequestError(`The $skiptoken '${raw}' is not valid.`, 'BadRequest_InvalidToken');
  }
}

/** A token from another query (or a forged one) must not reach SQL with odd values. */
function tokenFits(t: SkipToken, keyCount: number): boolean {
  const scalar = (v: unknown) =>
    typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  const leftOk = t.left === undefined || (Number.isSafeInteger(t.left) && t.left >= 0);
  return t.after.length === keyCount && t.after.every(scalar) && leftOk;
}

/** Rows after `after` in the order of `keys` (keyset paging, stable under inserts and deletes). */
function whereAfter(qb: Knex.QueryBuilder, keys: OrderKey[], after: (string | number)[]) {
  void qb.where((outer) => {
    keys.forEach((key, i) => {
      void outer.orWhere((inner) => {
        for (let j = 0; j < i; j++) void inner.where(keys[j]!.field, after[j] ?? null);
        void inner.where(key.field, key.desc ? '<' : '>', after[i] ?? null);
      });
    });
  });
}

function project(record: ApiRecord, select: string[] | undefined): Partial<ApiRecord> {
  if (!select) return record;
  const out: Partial<ApiRecord> = { '@odata.etag': record['@odata.etag'] };
  for (const name of select) if (record[name] !== undefined) out[name] = record[name];
  return out;
}

interface ContactLink {
  companyId: string;
  id: string;
  number: string;
  displayName: string;
  type: string;
  companyNumber: string;
}

async function expandContactsInformation(db: Db, companyId: string, rows: RecordRow[]) {
  const numbers = rows.map((r) => r.number);
  const byCompany = new Map<string, ErpRecord[]>();
  for (let i = 0; i < numbers.length; i += 500) {
    const contacts = await db<ContactLink>(contactsSpec.name)
      .where({ companyId })
      .whereIn('companyNumber', numbers.slice(i, i + 500))
      .orderBy('number')
      .select('id', 'number', 'displayName', 'type', 'companyNumber');
    for (const c of contacts) {
      const list = byCompany.get(c.companyNumber) ?? [];
      list.push({
        contactId: c.id,
        contactNumber: c.number,
        contactName: c.displayName,
        contactType: c.type,
      });
      byCompany.set(c.companyNumber, list);
    }
  }
  return (row: RecordRow) =>
    (byCompany.get(row.number) ?? []).map((c) => ({
      ...c,
      relatedId: row.id,
      relatedType: 'Customer',
    }));
}

async function present(
  db: Db,
  spec: EntitySetSpec,
  companyId: string,
  rows: RecordRow[],
  options: ListOptions,
) {
  const expandContacts = options.expand.includes('contactsInformation')
    ? await expandContactsInformation(db, companyId, rows)
    : undefined;
  return rows.map((row) => {
    const record = project(presentRecord(spec, row), options.select) as Record<string, unknown>;
    if (expandContacts) record['contactsInformation'] = expandContacts(row);
    return record as Partial<ApiRecord>;
  });
}

/** GET of a collection, its `$count`, or one record, with the BC query options. */
export const listRecords: ListRecords = async (db, request) => {
  const { spec, companyId, url } = request;
  const options = parseListOptions(spec, url.searchParams);
  const base = () => {
    const qb = db(spec.name).where({ companyId });
    if (options.filter) {
      const filter = options.filter;
      void qb.andWhere((q) => applyFilter(q, spec, filter));
    }
    return qb;
  };

  if (request.id !== undefined) {
    const raw = (await base().andWhere({ id: request.id }).first()) as
      Record<string, unknown> | undefined;
    if (!raw) throw new RecordNotFoundError(spec.tableName, request.id);
    const [value] = await present(db, spec, companyId, [fromSql(spec, raw)], options);
    return { kind: 'single', value: value as ApiRecord };
  }

  const countOf = async () => {
    const row = (await base().count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  };
  if (request.countOnly) return { kind: 'count', count: await countOf() };

  const preferred = preferredPageSize(request.prefer);
  const pageSize = Math.max(1, Math.min(preferred ?? maxPageSize, maxPageSize));
  // Default order: the primary key (No.), then id so that every row has one place.
  const keys: OrderKey[] =
    options.orderBy.length > 0 ? [...options.orderBy] : [{ field: 'number', desc: false }];
  if (!keys.some((k) => k.field === 'id')) keys.push({ field: 'id', desc: false });

  const token = options.skipToken === undefined ? undefined : decodeToken(options.skipToken);
  if (token && !tokenFits(token, keys.length)) {
    throw new BadRequestError(
      `The $skiptoken does not belong to this query.`,
      'BadRequest_InvalidToken',
    );
  }
  const left = token ? token.left : options.top;
  const limit = left === undefined ? pageSize : Math.min(pageSize, left);
  const qb = base();
  if (token) whereAfter(qb, keys, token.after);
  else if (options.skip > 0) void qb.offset(options.skip);
  for (const k of keys) void qb.orderBy(k.field, k.desc ? 'desc' : 'asc');
  const raws = limit === 0 ? [] : ((await qb.limit(limit + 1)) as Record<string, unknown>[]);
  const more = raws.length > limit && (left === undefined || left > limit);
  const rows = raws.slice(0, limit).map((r) => fromSql(spec, r));

  let nextLink: string | undefined;
  const last = raws[limit - 1];
  if (more && last) {
    const next = new URL(url);
    next.searchParams.delete('$skip');
    next.searchParams.delete('$top');
    next.searchParams.set(
      '$skiptoken',
      encodeToken({
        after: keys.map((k) => last[k.field] as string | number),
        left: left === undefined ? undefined : left - limit,
      }),
    );
    // Keep `$` readable in the link, as BC does (`%24skiptoken` is equivalent).
    nextLink = next.href.replace(/%24/g, '$');
  }
  return {
    kind: 'page',
    value: await present(db, spec, companyId, rows, options),
    count: options.count ? await countOf() : undefined,
    nextLink,
    preferenceApplied: preferred === undefined ? undefined : `odata.maxpagesize=${pageSize}`,
  };
};
