import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useApi } from '../api/inject';
import type {
  ActionResponse,
  ActionTarget,
  ErrorCounts,
  ErrorListItem,
  ErrorSort,
  LiveEvent,
} from '../api/types';
import type { BulkAction } from '../actions/action-kinds';
import type { ActionScope } from '../actions/describe-action';
import { emptyFilter, toApiFilter, type ErrorFilterForm } from './error-filter';
import type { ErrorView } from './error-query';

export interface BulkProgress {
  action: BulkAction;
  total: number;
  /** From the live subscription once the engine reports the job; null until then. */
  processed: number | null;
  jobId: string | null;
}

const emptyCounts: ErrorCounts = { total: 0, byKind: {}, byState: {} };

/**
 * The Coupled Data Synchronization Errors list: filter, sort, cursor paging, counts and a
 * selection that survives paging, filtering and live refreshes.
 */
export const useErrorsStore = defineStore('errors', () => {
  const api = useApi();

  const filter = ref<ErrorFilterForm>(emptyFilter());
  const sort = ref<ErrorSort>('lastSeenAt');
  const order = ref<'asc' | 'desc'>('desc');
  const pageSize = ref(50);
  const pageIndex = ref(0);
  /** cursors[i] is the cursor that loads page i (null for the first page). */
  const cursors = ref<(string | null)[]>([null]);
  const items = shallowRef<ErrorListItem[]>([]);
  /** Counts for the whole filter (the table's total, the action scope for "all matching"). */
  const matching = shallowRef<ErrorCounts>(emptyCounts);
  /** Counts for the filter without the kind filter: the chips, so every kind stays visible. */
  const chipCounts = shallowRef<ErrorCounts>(emptyCounts);
  const loading = ref(false);
  const loadError = ref<string | null>(null);

  /** Selected errors by id; kept across pages, filters and refreshes. */
  const selection = ref(new Map<string, ErrorListItem>());
  /** "Select all N matching the filter": the action goes to the server as a filter. */
  const allMatching = ref(false);
  const progress = ref<BulkProgress | null>(null);

  let requestSeq = 0;
  let countsSeq = 0;
  /** The view the table shows (JSON), so navigating back to it does not reload. */
  let loadedView: string | null = null;
  let liveRefreshing: Promise<void> | null = null;
  let liveRefreshAgain = false;

  /** The filter, sort and page size as one value (what the page keeps in its URL). */
  const view = computed<ErrorView>(() => ({
    filter: filter.value,
    sort: sort.value,
    order: order.value,
    pageSize: pageSize.value,
  }));

  const apiFilter = computed(() => toApiFilter(filter.value, { withKinds: true }));
  const hasNextPage = computed(() => cursors.value[pageIndex.value + 1] != null);
  const selectedCount = computed(() =>
    allMatching.value ? matching.value.total : selection.value.size,
  );
  const selectedItems = computed(() => [...selection.value.values()]);

  /** Counts for the filter (total, chips). Separate from the page, so rows never wait for them. */
  function fetchCounts(): Promise<void> {
    const seq = ++countsSeq;
    const all = api.errors.counts.query({ filter: apiFilter.value });
    // Without a kind filter the chips count the same errors: one query serves both.
    const chips = filter.value.kinds.length
      ? api.errors.counts.query({ filter: toApiFilter(filter.value, { withKinds: false }) })
      : all;
    return Promise.all([all, chips]).then(
      ([all, chips]) => {
        if (seq !== countsSeq) return; // counts of a newer filter are on their way
        matching.value = all;
        chipCounts.value = chips;
      },
      (error: unknown) => {
        if (seq === countsSeq)
          loadError.value = error instanceof Error ? error.message : String(error);
      },
    );
  }

  /**
   * Loads the current page, then (unless only the page changed) the counts. The rows come first
   * and never wait for the counts: on one SQLite connection, counting 100k errors takes longer
   * than reading one page of them.
   */
  async function fetchPage(withCounts = true): Promise<void> {
    const seq = ++requestSeq;
    loading.value = true;
    loadError.value = null;
    try {
      const page = await api.errors.list.query({
        filter: apiFilter.value,
        sort: sort.value,
        order: order.value,
        limit: pageSize.value,
        cursor: cursors.value[pageIndex.value] ?? null,
      });
      if (seq !== requestSeq) return; // a newer request owns the table
      loadedView = JSON.stringify(view.value);
      items.value = page.items;
      const next = [...cursors.value.slice(0, pageIndex.value + 1)];
      next[pageIndex.value + 1] = page.nextCursor;
      cursors.value = next;
      // Keep selected rows current (state/occurrences may have changed), never drop them here.
      const updated = new Map(selection.value);
      for (const item of page.items) if (updated.has(item.id)) updated.set(item.id, item);
      selection.value = updated;
    } catch (error) {
      if (seq === requestSeq)
        loadError.value = error instanceof Error ? error.message : String(error);
    } finally {
      if (seq === requestSeq) loading.value = false;
    }
    if (withCounts) await fetchCounts();
  }

  /** From the first page, e.g. after the filter or sort changed. */
  function reload(): Promise<void> {
    pageIndex.value = 0;
    cursors.value = [null];
    return fetchPage();
  }

  /** The same page again (live updates, after an action); selection and paging stay. */
  function refresh(): Promise<void> {
    return fetchPage();
  }

  function setFilter(patch: Partial<ErrorFilterForm>): Promise<void> {
    filter.value = { ...filter.value, ...patch };
    allMatching.value = false;
    return reload();
  }

  function toggleKind(kind: string): Promise<void> {
    const kinds = filter.value.kinds.includes(kind)
      ? filter.value.kinds.filter((k) => k !== kind)
      : [...filter.value.kinds, kind];
    return setFilter({ kinds });
  }

  function setSort(field: ErrorSort, direction: 'asc' | 'desc'): Promise<void> {
    sort.value = field;
    order.value = direction;
    return reload();
  }

  /**
   * Takes a whole view (from the URL); reloads only when something changed. A changed filter
   * ends "all matching", since it would now mean other records.
   */
  function applyView(next: ErrorView): Promise<void> {
    if (loadedView !== null && JSON.stringify(next) === loadedView) return Promise.resolve();
    if (JSON.stringify(next.filter) !== JSON.stringify(filter.value)) allMatching.value = false;
    filter.value = { ...next.filter };
    sort.value = next.sort;
    order.value = next.order;
    pageSize.value = next.pageSize;
    return reload();
  }

  function setPageSize(size: number): Promise<void> {
    pageSize.value = size;
    return reload();
  }

  function nextPage(): Promise<void> {
    if (!hasNextPage.value) return Promise.resolve();
    pageIndex.value += 1;
    return fetchPage(false);
  }

  function previousPage(): Promise<void> {
    if (pageIndex.value === 0) return Promise.resolve();
    pageIndex.value -= 1;
    return fetchPage(false);
  }

  /** Replaces the selection on the visible page with `rows`, keeping selections on other pages. */
  function selectOnPage(rows: readonly ErrorListItem[]): void {
    const next = new Map(selection.value);
    for (const item of items.value) next.delete(item.id);
    for (const row of rows) next.set(row.id, row);
    selection.value = next;
    allMatching.value = false;
  }

  function selectAllMatching(): void {
    allMatching.value = true;
  }

  function clearSelection(): void {
    selection.value = new Map();
    allMatching.value = false;
  }

  function target(): ActionTarget {
    if (allMatching.value) return { by: 'filter', filter: apiFilter.value };
    return { by: 'errors', errorIds: [...selection.value.keys()] };
  }

  function scope(): ActionScope {
    if (allMatching.value) {
      const mappingId = filter.value.mappingId;
      const name = mappingId
        ? items.value.find((i) => i.mappingId === mappingId)?.mappingName
        : null;
      return {
        total: matching.value.total,
        deletedInErp: matching.value.byState['deleted-in-erp'] ?? 0,
        deletedInCrm: matching.value.byState['deleted-in-crm'] ?? 0,
        mappings: name ? [name] : [...new Set(items.value.map((i) => i.mappingName))],
      };
    }
    const chosen = selectedItems.value;
    return {
      total: chosen.length,
      deletedInErp: chosen.filter((i) => i.state === 'deleted-in-erp').length,
      deletedInCrm: chosen.filter((i) => i.state === 'deleted-in-crm').length,
      mappings: [...new Set(chosen.map((i) => i.mappingName))],
    };
  }

  function call(action: BulkAction, t: ActionTarget): Promise<ActionResponse> {
    switch (action.type) {
      case 'retry':
        return api.actions.retry.mutate({ target: t });
      case 'dismiss':
        return api.actions.dismiss.mutate({ target: t });
      case 'removeCoupling':
        return api.actions.removeCoupling.mutate({ target: t });
      case 'restore':
        return api.actions.restore.mutate({ target: t });
      case 'delete':
        return api.actions.delete.mutate({ target: t });
      case 'synchronize':
        return api.actions.synchronize.mutate({ target: t, choice: { winner: action.winner } });
    }
  }

  /**
   * Runs an action on the selection (or on all matching errors). Records that succeeded leave the
   * selection; failed ones stay selected so the admin can look at them or try again.
   */
  async function runAction(action: BulkAction): Promise<ActionResponse> {
    progress.value = { action, total: selectedCount.value, processed: null, jobId: null };
    try {
      const response = await call(action, target());
      const next = new Map(selection.value);
      const failed = new Set(
        response.outcomes.filter((o) => o.status === 'failed').map((o) => o.errorId),
      );
      if (allMatching.value) allMatching.value = false;
      for (const id of next.keys()) if (!failed.has(id)) next.delete(id);
      selection.value = next;
      return response;
    } finally {
      progress.value = null;
      await refresh();
    }
  }

  /** Coalesces bursts of live events: at most one refresh in flight and one queued after it. */
  function liveRefresh(): void {
    if (liveRefreshing) {
      liveRefreshAgain = true;
      return;
    }
    liveRefreshing = refresh().finally(() => {
      liveRefreshing = null;
      if (liveRefreshAgain) {
        liveRefreshAgain = false;
        liveRefresh();
      }
    });
  }

  /** Live events: counts changed → refresh the page; job progress → the bulk progress bar. */
  function onLiveEvent(event: LiveEvent): void {
    switch (event.type) {
      case 'errorCounts':
        liveRefresh();
        return;
      case 'jobProgress': {
        const running = progress.value;
        if (!running) return;
        if (running.jobId && running.jobId !== event.jobId) return;
        progress.value = {
          ...running,
          jobId: event.jobId,
          processed: event.processed,
          total: event.total ?? running.total,
        };
        return;
      }
    }
  }

  return {
    view,
    applyView,
    filter,
    sort,
    order,
    pageSize,
    pageIndex,
    items,
    matching,
    chipCounts,
    loading,
    loadError,
    selection,
    selectedItems,
    allMatching,
    selectedCount,
    progress,
    hasNextPage,
    apiFilter,
    reload,
    refresh,
    setFilter,
    toggleKind,
    setSort,
    setPageSize,
    nextPage,
    previousPage,
    selectOnPage,
    selectAllMatching,
    clearSelection,
    target,
    scope,
    runAction,
    onLiveEvent,
  };
});
