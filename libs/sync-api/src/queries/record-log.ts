import type { Coupling, HistoryEvent, HistorySubject, Page } from '@twinsync/sync-store';
import type { RecordLogEntry, RecordLogPage, RecordRef } from '../outputs/records';
import type { ApiStore } from '../store';
import { historyChanges } from './history-changes';
import { toApiDirection } from './vocabulary';

export function toRecordRef(coupling: Coupling): RecordRef {
  return {
    couplingId: coupling.id,
    mappingId: coupling.mappingId,
    erpId: coupling.erpId,
    crmId: coupling.crmId,
    recordNumber: coupling.recordNumber,
    recordName: coupling.recordName,
    skipped: coupling.skipped,
  };
}

export function toLogEntry(event: HistoryEvent): RecordLogEntry {
  return {
    id: event.id,
    couplingId: event.couplingId,
    jobId: event.jobId,
    at: event.at,
    direction: toApiDirection(event.direction),
    outcome: event.outcome,
    message: event.message,
    changes: historyChanges(event.before, event.after),
  };
}

export type RecordKey =
  { couplingId: string } | { erpId: string } | { recordNumber: string } | { crmId: string };

export async function findCoupling(store: ApiStore, key: RecordKey): Promise<Coupling | null> {
  if ('couplingId' in key) return store.couplings.get(key.couplingId);
  const value = 'erpId' in key ? key.erpId : 'crmId' in key ? key.crmId : key.recordNumber;
  return store.couplings.findByAnyKey(value);
}

type Paging = { limit: number; cursor?: string | null | undefined };

/**
 * The log of a record that is no longer coupled (its coupling was removed): history keeps the ERP
 * and CRM ids per mapping, so each mapping is asked in turn (there are a handful).
 */
async function uncoupledLog(
  store: ApiStore,
  key: RecordKey,
  page: Paging,
): Promise<Page<HistoryEvent> | null> {
  if (!('erpId' in key) && !('crmId' in key)) return null;
  for (const mapping of await store.mappings.list()) {
    const subject: HistorySubject =
      'erpId' in key
        ? { mappingId: mapping.id, erpId: key.erpId }
        : { mappingId: mapping.id, crmId: key.crmId };
    const found = await store.history.listForRecord(subject, page);
    if (found.items.length > 0) return found;
  }
  return null;
}

/** Every sync event of one record across all jobs, newest first, keyset-paged on (at, id). */
export async function recordLog(
  store: ApiStore,
  key: RecordKey,
  page: Paging,
): Promise<RecordLogPage> {
  const coupling = await findCoupling(store, key);
  const events = coupling
    ? await store.history.listForRecord({ couplingId: coupling.id }, page)
    : await uncoupledLog(store, key, page);
  return {
    record: coupling ? toRecordRef(coupling) : null,
    items: events?.items.map(toLogEntry) ?? [],
    nextCursor: events?.nextCursor ?? null,
  };
}

/** Couplings whose record number or name contains the text (or whose ERP/CRM id equals it). */
export async function searchRecords(
  store: ApiStore,
  input: { text: string; mappingId?: string | undefined; limit: number },
): Promise<RecordRef[]> {
  const page = await store.couplings.list({
    search: input.text,
    mappingId: input.mappingId,
    limit: input.limit,
  });
  return page.items.map(toRecordRef);
}
