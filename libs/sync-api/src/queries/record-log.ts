import type { RecordLogEntry, RecordLogPage, RecordRef } from '../outputs/records';
import type { ApiStore } from '../store';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { historyChanges } from './history-changes';
import { bool, isoOf, parseJson, rowOf, rowsOf, str, strOrNull, type Row } from './row-values';
import { tables } from './tables';

export function toRecordRef(row: Row): RecordRef {
  return {
    couplingId: str(row, 'id'),
    mappingId: str(row, 'mapping_id'),
    erpId: strOrNull(row, 'erp_id'),
    crmId: strOrNull(row, 'crm_id'),
    recordNumber: strOrNull(row, 'record_number'),
    recordName: strOrNull(row, 'record_name'),
    skipped: bool(row, 'skipped'),
  };
}

export const couplingColumns = [
  'id',
  'mapping_id',
  'erp_id',
  'crm_id',
  'record_number',
  'record_name',
  'skipped',
];

export type RecordKey =
  { couplingId: string } | { erpId: string } | { recordNumber: string } | { crmId: string };

export async function findCoupling(store: ApiStore, key: RecordKey): Promise<RecordRef | null> {
  const query = store.knex(tables.couplings).select(couplingColumns);
  if ('couplingId' in key) query.where('id', key.couplingId);
  else if ('erpId' in key) query.where('erp_id', key.erpId);
  else if ('crmId' in key) query.where('crm_id', key.crmId);
  else query.where('record_number', key.recordNumber);
  const row = rowOf(await query.first());
  return row ? toRecordRef(row) : null;
}

/** Every sync event of one record across all jobs, newest first, keyset-paged. */
export async function recordLog(
  store: ApiStore,
  key: RecordKey,
  page: { limit: number; cursor?: string | null | undefined },
): Promise<RecordLogPage> {
  const record = await findCoupling(store, key);
  if (!record) return { record: null, items: [], nextCursor: null };
  const query = store.knex(tables.history).select('*').where('coupling_id', record.couplingId);
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    query.where((w) => {
      w.where('at', '<', after.value ?? '').orWhere((eq) => {
        eq.where('at', '=', after.value ?? '').andWhere('id', '<', after.id);
      });
    });
  }
  const rows = rowsOf(
    await query
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit + 1),
  );
  const items: RecordLogEntry[] = rows.slice(0, page.limit).map((r) => ({
    id: str(r, 'id'),
    couplingId: strOrNull(r, 'coupling_id'),
    jobId: strOrNull(r, 'job_id'),
    at: isoOf(r, 'at'),
    direction: strOrNull(r, 'direction'),
    outcome: str(r, 'outcome'),
    message: strOrNull(r, 'message'),
    changes: historyChanges(parseJson(r['before']), parseJson(r['after'])),
  }));
  const last = rows[page.limit - 1];
  return {
    record,
    items,
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor({ value: str(last, 'at'), id: str(last, 'id') })
        : null,
  };
}

/** Couplings whose record number or name contains the text (case-insensitive). */
export async function searchRecords(
  store: ApiStore,
  input: { text: string; mappingId?: string | undefined; limit: number },
): Promise<RecordRef[]> {
  const like = `%${input.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const query = store
    .knex(tables.couplings)
    .select(couplingColumns)
    .where((w) => {
      w.whereRaw(`lower(record_number) like ? escape '\\'`, [like])
        .orWhereRaw(`lower(record_name) like ? escape '\\'`, [like])
        .orWhere('erp_id', input.text)
        .orWhere('crm_id', input.text);
    });
  if (input.mappingId) query.where('mapping_id', input.mappingId);
  const rows = rowsOf(await query.orderBy('record_number').limit(input.limit));
  return rows.map(toRecordRef);
}
