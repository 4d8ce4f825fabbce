import type { Knex } from 'knex';
import type { ErrorFilter, ErrorListInput } from '../inputs/errors';
import type { ErrorCounts, ErrorListItem, ErrorListPage } from '../outputs/errors';
import type { ApiStore } from '../store';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { isoOf, num, rowsOf, str, strOrNull, type Row } from './row-values';
import { tables } from './tables';

const sortColumns: Readonly<Record<ErrorListInput['sort'], string>> = {
  lastSeenAt: 'e.last_seen_at',
  firstSeenAt: 'e.first_seen_at',
  occurrenceCount: 'e.occurrence_count',
  kind: 'e.kind',
  recordName: 'e.record_name',
};

/** Applies the shared errors filter to a query over `sync_errors as e`. */
export function applyErrorFilter(query: Knex.QueryBuilder, filter: ErrorFilter): Knex.QueryBuilder {
  if (filter.mappingId) query.where('e.mapping_id', filter.mappingId);
  if (filter.kinds?.length) query.whereIn('e.kind', filter.kinds);
  if (filter.states?.length) query.whereIn('e.state', filter.states);
  if (filter.direction) query.where('e.direction', filter.direction);
  if (filter.jobId) query.where('e.job_id', filter.jobId);
  if (filter.from) query.where('e.last_seen_at', '>=', new Date(filter.from).toISOString());
  if (filter.to) query.where('e.last_seen_at', '<', new Date(filter.to).toISOString());
  if (filter.search) {
    const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((w) => {
      for (const column of [
        'e.record_number',
        'e.record_name',
        'e.message',
        'e.erp_id',
        'e.crm_id',
      ]) {
        w.orWhereRaw(`lower(${column}) like ? escape '\\'`, [like]);
      }
    });
  }
  return query;
}

export const errorListColumns = [
  'e.id',
  'e.mapping_id',
  'm.name as mapping_name',
  'e.coupling_id',
  'e.kind',
  'e.state',
  'e.direction',
  'e.message',
  'e.erp_id',
  'e.crm_id',
  'e.record_number',
  'e.record_name',
  'e.job_id',
  'e.occurrence_count',
  'e.first_seen_at',
  'e.last_seen_at',
];

export function toErrorListItem(row: Row): ErrorListItem {
  return {
    id: str(row, 'id'),
    mappingId: str(row, 'mapping_id'),
    mappingName: strOrNull(row, 'mapping_name') ?? str(row, 'mapping_id'),
    couplingId: strOrNull(row, 'coupling_id'),
    kind: str(row, 'kind'),
    state: str(row, 'state'),
    direction: strOrNull(row, 'direction'),
    message: str(row, 'message'),
    erpId: strOrNull(row, 'erp_id'),
    crmId: strOrNull(row, 'crm_id'),
    recordNumber: strOrNull(row, 'record_number'),
    recordName: strOrNull(row, 'record_name'),
    jobId: strOrNull(row, 'job_id'),
    occurrenceCount: num(row, 'occurrence_count'),
    firstSeenAt: isoOf(row, 'first_seen_at'),
    lastSeenAt: isoOf(row, 'last_seen_at'),
  };
}

function sortValueOf(item: ErrorListItem, sort: ErrorListInput['sort']): string | number {
  switch (sort) {
    case 'lastSeenAt':
      return item.lastSeenAt;
    case 'firstSeenAt':
      return item.firstSeenAt;
    case 'occurrenceCount':
      return item.occurrenceCount;
    case 'kind':
      return item.kind;
    case 'recordName':
      return item.recordName ?? '';
  }
}

/**
 * One page of errors, keyset-paged on (sort column, id): the cost of a page does not grow with
 * how deep the page is. Rows whose sort value is null sort as the empty string.
 */
export async function listErrors(store: ApiStore, input: ErrorListInput): Promise<ErrorListPage> {
  const { knex } = store;
  const column = sortColumns[input.sort];
  const sortExpr = input.sort === 'recordName' ? `coalesce(${column}, '')` : column;
  const query = knex(`${tables.errors} as e`)
    .leftJoin(`${tables.mappings} as m`, 'm.id', 'e.mapping_id')
    .select(errorListColumns);
  applyErrorFilter(query, input.filter);
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    const op = input.order === 'desc' ? '<' : '>';
    const value = after.value ?? '';
    query.where((w) => {
      w.whereRaw(`${sortExpr} ${op} ?`, [value]).orWhere((eq) => {
        eq.whereRaw(`${sortExpr} = ?`, [value]).andWhere('e.id', op, after.id);
      });
    });
  }
  const rows = rowsOf(
    await query
      .orderByRaw(`${sortExpr} ${input.order}, e.id ${input.order}`)
      .limit(input.limit + 1),
  );
  const items = rows.slice(0, input.limit).map(toErrorListItem);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ value: sortValueOf(last, input.sort), id: last.id })
        : null,
  };
}

export async function countErrors(store: ApiStore, filter: ErrorFilter): Promise<ErrorCounts> {
  const { knex } = store;
  const base = () => applyErrorFilter(knex(`${tables.errors} as e`), filter);
  const [byKindRows, byStateRows] = await Promise.all([
    base().select('e.kind as key').count({ n: '*' }).groupBy('e.kind') as Promise<unknown>,
    base().select('e.state as key').count({ n: '*' }).groupBy('e.state') as Promise<unknown>,
  ]);
  const toRecord = (rows: unknown) =>
    Object.fromEntries(rowsOf(rows).map((r) => [str(r, 'key'), num(r, 'n')]));
  const byKind = toRecord(byKindRows);
  return {
    total: Object.values(byKind).reduce((a, b) => a + b, 0),
    byKind,
    byState: toRecord(byStateRows),
  };
}
