import type { RecordRef } from '../outputs/records';
import type { ApiStore } from '../store';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { couplingColumns, toRecordRef } from './record-log';
import { rowsOf } from './row-values';
import { tables } from './tables';

export interface CouplingListQuery {
  mappingId?: string | undefined;
  skipped?: boolean | undefined;
  search?: string | undefined;
  limit: number;
  cursor?: string | null | undefined;
}

/** Couplings ordered by id, keyset-paged, optionally filtered by mapping, Skipped, or text. */
export async function listCouplings(
  store: ApiStore,
  input: CouplingListQuery,
): Promise<{ items: RecordRef[]; nextCursor: string | null }> {
  const query = store.knex(tables.couplings).select(couplingColumns);
  if (input.mappingId) query.where('mapping_id', input.mappingId);
  if (input.skipped !== undefined) query.where('skipped', input.skipped);
  if (input.search) {
    const like = `%${input.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((w) => {
      w.whereRaw(`lower(record_number) like ? escape '\\'`, [like])
        .orWhereRaw(`lower(record_name) like ? escape '\\'`, [like])
        .orWhere('erp_id', input.search ?? '')
        .orWhere('crm_id', input.search ?? '');
    });
  }
  if (input.cursor) query.where('id', '>', decodeCursor(input.cursor).id);
  const rows = rowsOf(await query.orderBy('id').limit(input.limit + 1));
  const items = rows.slice(0, input.limit).map(toRecordRef);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ value: null, id: last.couplingId }) : null,
  };
}

/** The existing couplings of either record in a mapping (used to refuse a second coupling). */
export async function couplingsOfRecords(
  store: ApiStore,
  mappingId: string,
  erpId: string,
  crmId: string,
): Promise<RecordRef[]> {
  const rows = rowsOf(
    await store
      .knex(tables.couplings)
      .select(couplingColumns)
      .where('mapping_id', mappingId)
      .andWhere((w) => {
        w.where('erp_id', erpId).orWhere('crm_id', crmId);
      }),
  );
  return rows.map(toRecordRef);
}
