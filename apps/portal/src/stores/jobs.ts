import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useApi } from '../api/inject';
import type { JobSummary, LiveEvent } from '../api/types';

export interface LiveJobProgress {
  jobId: string;
  mappingId: string | null;
  state: string;
  processed: number;
  total: number | null;
  counters: Record<string, number>;
  at: string;
}

/** Jobs list with cursor paging, and live progress of running jobs. */
export const useJobsStore = defineStore('jobs', () => {
  const api = useApi();
  const items = shallowRef<JobSummary[]>([]);
  const cursors = ref<(string | null)[]>([null]);
  const pageIndex = ref(0);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  /** Latest progress per job id, from the live subscription. */
  const progress = ref(new Map<string, LiveJobProgress>());

  const hasNextPage = computed(() => cursors.value[pageIndex.value + 1] != null);

  async function fetchPage(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      const page = await api.jobs.list.query({
        limit: 25,
        cursor: cursors.value[pageIndex.value] ?? null,
      });
      items.value = page.items;
      const next = cursors.value.slice(0, pageIndex.value + 1);
      next[pageIndex.value + 1] = page.nextCursor;
      cursors.value = next;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    } finally {
      loading.value = false;
    }
  }

  function reload(): Promise<void> {
    pageIndex.value = 0;
    cursors.value = [null];
    return fetchPage();
  }

  function nextPage(): Promise<void> {
    if (!hasNextPage.value) return Promise.resolve();
    pageIndex.value += 1;
    return fetchPage();
  }

  function previousPage(): Promise<void> {
    if (pageIndex.value === 0) return Promise.resolve();
    pageIndex.value -= 1;
    return fetchPage();
  }

  async function start(
    mappingId: string,
    dryRun: boolean,
    direction: 'both' | 'erpToCrm' | 'crmToErp',
  ) {
    const started = await api.jobs.start.mutate({ mappingId, dryRun, direction });
    await reload();
    return started;
  }

  function onLiveEvent(event: LiveEvent): void {
    if (event.type !== 'jobProgress') return;
    const next = new Map(progress.value);
    next.set(event.jobId, {
      jobId: event.jobId,
      mappingId: event.mappingId,
      state: event.state,
      processed: event.processed,
      total: event.total,
      counters: event.counters,
      at: event.at,
    });
    progress.value = next;
    const finished = event.state !== 'running' && event.state !== 'queued';
    const known = items.value.some((j) => j.id === event.jobId);
    if ((finished || !known) && pageIndex.value === 0) void fetchPage();
  }

  return {
    items,
    pageIndex,
    loading,
    loadError,
    progress,
    hasNextPage,
    reload,
    nextPage,
    previousPage,
    start,
    onLiveEvent,
  };
});
