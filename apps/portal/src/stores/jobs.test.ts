import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../api/types';
import { createFakeApi } from '../testing/fake-api';
import { piniaWithApi } from '../testing/mount-options';
import { useJobsStore } from './jobs';

function job(id: string, state: string): JobSummary {
  return {
    id,
    mappingId: 'customers',
    type: 'sync',
    direction: 'both',
    trigger: 'manual',
    requestedBy: 'admin',
    state,
    dryRun: false,
    counters: {},
    startedAt: '2026-12-01T08:00:00.000Z',
    finishedAt: null,
    durationMs: null,
    createdAt: '2026-12-01T08:00:00.000Z',
    error: null,
    processed: 0,
    total: null,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('jobs store', () => {
  it('shows live progress of a running job and reloads the list when it finishes', async () => {
    const rows = { current: [job('j1', 'running')] };
    const api = createFakeApi({ 'jobs.list': () => ({ items: rows.current, nextCursor: null }) });
    const store = useJobsStore(piniaWithApi(api).pinia);
    await store.reload();
    const progress = {
      type: 'jobProgress' as const,
      jobId: 'j1',
      mappingId: 'customers',
      state: 'running' as const,
      processed: 40,
      total: 100,
      counters: { modified: 10 },
      at: '2026-12-01T08:00:01.000Z',
    };
    store.onLiveEvent(progress);
    expect(store.progress.get('j1')).toMatchObject({ processed: 40, total: 100 });
    expect(api.callsTo('jobs.list')).toHaveLength(1);
    rows.current = [{ ...job('j1', 'succeeded'), counters: { modified: 25 } }];
    store.onLiveEvent({ ...progress, state: 'succeeded', processed: 100 });
    await flush();
    expect(api.callsTo('jobs.list')).toHaveLength(2);
    expect(store.items[0]).toMatchObject({ state: 'succeeded', counters: { modified: 25 } });
  });

  it('starts a dry run with the chosen mapping and direction', async () => {
    const api = createFakeApi({
      'jobs.list': () => ({ items: [], nextCursor: null }),
      'jobs.start': () => ({ jobId: 'j9' }),
    });
    const store = useJobsStore(piniaWithApi(api).pinia);
    expect(await store.start('items', true, 'erpToCrm')).toEqual({ jobId: 'j9' });
    expect(api.callsTo('jobs.start')).toEqual([
      { mappingId: 'items', dryRun: true, direction: 'erpToCrm' },
    ]);
  });
});
