import type { RecordRef } from '../outputs/records';
import type { ApiStore } from '../store';
import { toRecordRef } from './record-log';

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
  const page = await store.couplings.list({
    mappingId: input.mappingId,
    skipped: input.skipped,
    search: input.search || undefined,
    limit: input.limit,
    cursor: input.cursor ?? null,
  });
  return { items: page.items.map(toRecordRef), nextCursor: page.nextCursor };
}

/** The existing couplings of either record in a mapping (used to refuse a second coupling). */
export async function couplingsOfRecords(
  store: ApiStore,
  mappingId: string,
  erpId: string,
  crmId: string,
): Promise<RecordRef[]> {
  const [byErp, byCrm] = await Promise.all([
    store.couplings.findByErpId(mappingId, erpId),
    store.couplings.findByCrmId(mappingId, crmId),
  ]);
  const found = [byErp, byCrm].filter((c) => c !== null);
  return [...new Map(found.map((c) => [c.id, toRecordRef(c)])).values()];
}
