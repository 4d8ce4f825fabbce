import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { ErrorListItem } from '../api/types';
import { errorItem } from '../testing/builders';
import { createFakeApi } from '../testing/fake-api';
import { fakeErrorsServer } from '../testing/fake-errors';
import { piniaWithApi } from '../testing/mount-options';
import { useErrorsStore } from './errors';
import { useLiveStore } from './live';

function setup(rows: ErrorListItem[]) {
  const data = { current: rows };
  const api = createFakeApi(fakeErrorsServer(data));
  const { pinia } = piniaWithApi(api);
  return { api, data, store: useErrorsStore(pinia), pinia };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('errors store', () => {
  it('pages through every error with the server cursor, with no row cap', async () => {
    const rows = Array.from({ length: 120 }, () => errorItem());
    const { store } = setup(rows);
    store.pageSize = 50;
    await store.reload();
    expect(store.items).toHaveLength(50);
    expect(store.matching.total).toBe(120);
    await store.nextPage();
    await store.nextPage();
    expect(store.items.map((i) => i.id)).toEqual(rows.slice(100).map((i) => i.id));
    expect(store.hasNextPage).toBe(false);
    await store.previousPage();
    expect(store.items[0]?.id).toBe(rows[50]?.id);
  });

  it('keeps the selection when live updates refresh the table', async () => {
    const rows = Array.from({ length: 5 }, () => errorItem());
    const { api, data, store } = setup(rows);
    api.handlers['jobs.list'] = () => ({ items: [], nextCursor: null });
    useLiveStore().start(0);
    await flush();
    await store.reload();
    store.selectOnPage([rows[1]!, rows[3]!]);
    data.current = [errorItem(), ...rows.map((r) => ({ ...r, occurrenceCount: 2 }))];
    api.emitLive({
      type: 'errorCounts',
      mappingId: null,
      counts: { total: 6, byKind: {}, byState: {} },
      at: '2025-03-01T10:00:00.000Z',
    });
    await flush();
    await nextTick();
    expect(store.items).toHaveLength(6);
    expect([...store.selection.keys()]).toEqual([rows[1]!.id, rows[3]!.id]);
    expect(store.selection.get(rows[1]!.id)?.occurrenceCount).toBe(2);
  });

  it('keeps selections made on other pages when rows on this page are selected', async () => {
    const rows = Array.from({ length: 4 }, () => errorItem());
    const { store } = setup(rows);
    store.pageSize = 2;
    await store.reload();
    store.selectOnPage([rows[0]!]);
    await store.nextPage();
    store.selectOnPage([rows[2]!, rows[3]!]);
    store.selectOnPage([rows[3]!]);
    expect([...store.selection.keys()].sort()).toEqual([rows[0]!.id, rows[3]!.id].sort());
  });

  it('sends "all matching the filter" as a filter target, not a list of ids', async () => {
    const rows = [errorItem({ kind: 'deleted', state: 'deleted-in-crm' }), errorItem()];
    const { api, store } = setup(rows);
    api.handlers['actions.restore'] = () => ({
      jobId: 'job-9',
      total: 1,
      succeeded: 1,
      failed: 0,
      skipped: 0,
      outcomes: [],
      outcomesTruncated: false,
      jobIds: [],
    });
    await store.setFilter({ kinds: ['deleted'] });
    store.selectAllMatching();
    expect(store.selectedCount).toBe(1);
    expect(store.scope()).toMatchObject({ total: 1, deletedInCrm: 1, deletedInErp: 0 });
    await store.runAction({ type: 'restore' });
    expect(api.callsTo('actions.restore')).toEqual([
      { target: { by: 'filter', filter: { kinds: ['deleted'] } } },
    ]);
    expect(store.allMatching).toBe(false);
  });

  it('keeps failed records selected after an action and drops the ones that succeeded', async () => {
    const rows = Array.from({ length: 3 }, () => errorItem());
    const { api, store } = setup(rows);
    api.handlers['actions.retry'] = (input) => ({
      jobId: null,
      total: 3,
      succeeded: 2,
      failed: 1,
      skipped: 0,
      outcomes: [
        { couplingId: 'c', errorId: rows[2]!.id, status: 'failed', message: 'ERP refused' },
      ],
      outcomesTruncated: false,
      jobIds: [],
      ...(input.target.by === 'errors' ? {} : {}),
    });
    await store.reload();
    store.selectOnPage(rows);
    const response = await store.runAction({ type: 'retry' });
    expect(response.failed).toBe(1);
    expect([...store.selection.keys()]).toEqual([rows[2]!.id]);
  });

  it('asks for chip counts without the kind filter so every kind stays visible', async () => {
    const rows = [errorItem({ kind: 'conflict' }), errorItem({ kind: 'validation' })];
    const { store } = setup(rows);
    await store.toggleKind('conflict');
    expect(store.matching.total).toBe(1);
    expect(store.chipCounts.byKind).toEqual({ conflict: 1, validation: 1 });
  });
});
