import type { ErrorFilter as StoreErrorFilter, ErrorSort, SyncError } from '@twinsync/sync-store';
import type { ErrorFilter, ErrorListInput } from '../inputs/errors';
import type { ErrorCounts, ErrorListItem, ErrorListPage } from '../outputs/errors';
import type { ApiStore } from '../store';
import { toApiDirection, toStoreDirection } from './vocabulary';

const storeSorts: Readonly<Record<ErrorListInput['sort'], ErrorSort>> = {
  lastSeenAt: 'lastSeenAt',
  firstSeenAt: 'firstSeenAt',
  occurrenceCount: 'occurrences',
  kind: 'kind',
  recordName: 'recordName',
};

/** The API's errors filter as the store's (open errors only; dates as ISO UTC). */
export function toStoreFilter(filter: ErrorFilter): StoreErrorFilter {
  return {
    status: 'open',
    mappingId: filter.mappingId,
    kinds: filter.kinds,
    // The store's error states are the API's (failed, skipped, conflict, deleted-in-erp, …).
    states: filter.states as StoreErrorFilter['states'],
    direction: filter.direction ? toStoreDirection(filter.direction) : undefined,
    jobId: filter.jobId,
    from: filter.from ? new Date(filter.from).toISOString() : undefined,
    to: filter.to ? new Date(filter.to).toISOString() : undefined,
    search: filter.search || undefined,
  };
}

/** Display names of the mappings, by id (a handful of rows). */
export async function mappingNames(store: ApiStore): Promise<Map<string, string>> {
  return new Map((await store.mappings.list()).map((m) => [m.id, m.name]));
}

export function toErrorListItem(error: SyncError, names: Map<string, string>): ErrorListItem {
  return {
    id: error.id,
    mappingId: error.mappingId,
    mappingName: names.get(error.mappingId) ?? error.mappingId,
    couplingId: error.couplingId,
    kind: error.kind,
    state: error.state,
    direction: toApiDirection(error.direction),
    message: error.message,
    erpId: error.erpId,
    crmId: error.crmId,
    recordNumber: error.recordNumber || null,
    recordName: error.recordName || null,
    jobId: error.jobId,
    occurrenceCount: error.occurrences,
    firstSeenAt: error.firstSeenAt,
    lastSeenAt: error.lastSeenAt,
  };
}

/**
 * One page of open errors, keyset-paged by the store on (sort column, id): the cost of a page does
 * not grow with how deep the page is.
 */
export async function listErrors(store: ApiStore, input: ErrorListInput): Promise<ErrorListPage> {
  const [page, names] = await Promise.all([
    store.errors.list({
      filter: toStoreFilter(input.filter),
      sort: storeSorts[input.sort],
      order: input.order,
      limit: input.limit,
      cursor: input.cursor ?? null,
    }),
    mappingNames(store),
  ]);
  return {
    items: page.items.map((e) => toErrorListItem(e, names)),
    nextCursor: page.nextCursor,
  };
}

export function countErrors(store: ApiStore, filter: ErrorFilter): Promise<ErrorCounts> {
  return store.errors.counts(toStoreFilter(filter));
}
