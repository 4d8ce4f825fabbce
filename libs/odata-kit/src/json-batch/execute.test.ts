import { describe, expect, it } from 'vitest';
import { executeJsonBatch } from './execute';
import type { JsonBatchRequestItem, JsonBatchResponseItem } from './types';

/** A toy store with transactions, to watch what survives. */
function fakeStore() {
  const committed: string[] = [];
  return {
    committed,
    async transaction(fn: (scope: string[]) => Promise<void>) {
      const work: string[] = [];
      await fn(work);
      committed.push(...work);
    },
    async execute(item: JsonBatchRequestItem, scope: string[]): Promise<JsonBatchResponseItem> {
      await Promise.resolve();
      if (item.url === 'fail')
        return {
          id: item.id ?? null,
          status: 400,
          headers: {},
          body: { error: { code: 'X', message: 'no' } },
        };
      scope.push(item.url);
      return { id: item.id ?? null, status: 201, headers: {} };
    },
  };
}

const item = (id: string, url: string, dependsOn: string[] = []): JsonBatchRequestItem => ({
  id,
  method: 'POST',
  url,
  headers: {},
  dependsOn,
});

describe('executeJsonBatch', () => {
  it('runs independent operations each on its own when the batch is not atomic', async () => {
    const store = fakeStore();
    const responses = await executeJsonBatch([item('1', 'a'), item('2', 'fail'), item('3', 'c')], {
      atomic: false,
      defaultScope: store.committed,
      transaction: (fn) => store.transaction(fn),
      execute: (i, s) => store.execute(i, s),
    });
    expect(responses.map((r) => r.status)).toEqual([201, 400, 201]);
    expect(store.committed).toEqual(['a', 'c']);
  });

  it('does not run an operation whose dependency failed and answers it 424', async () => {
    const store = fakeStore();
    const responses = await executeJsonBatch([item('1', 'fail'), item('2', 'b', ['1'])], {
      atomic: false,
      defaultScope: store.committed,
      transaction: (fn) => store.transaction(fn),
      execute: (i, s) => store.execute(i, s),
    });
    expect(responses.map((r) => r.status)).toEqual([400, 424]);
    expect(store.committed).toEqual([]);
  });

  it('rolls back every change of an atomic batch when one operation fails', async () => {
    const store = fakeStore();
    const responses = await executeJsonBatch([item('1', 'a'), item('2', 'fail'), item('3', 'c')], {
      atomic: true,
      defaultScope: store.committed,
      transaction: (fn) => store.transaction(fn),
      execute: (i, s) => store.execute(i, s),
      errorCode: 'BadRequest_FailedDependency',
    });
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 201],
      ['2', 400],
      ['3', 424],
    ]);
    expect(responses[2]?.body).toMatchObject({ error: { code: 'BadRequest_FailedDependency' } });
    expect(store.committed).toEqual([]);
  });

  it('commits an atomic batch whose operations all succeed', async () => {
    const store = fakeStore();
    await executeJsonBatch([item('1', 'a'), item('2', 'b')], {
      atomic: true,
      defaultScope: store.committed,
      transaction: (fn) => store.transaction(fn),
      execute: (i, s) => store.execute(i, s),
    });
    expect(store.committed).toEqual(['a', 'b']);
  });

  it('answers 501 for Content-ID style URL references it does not implement', async () => {
    const store = fakeStore();
    const [response] = await executeJsonBatch([item('1', '$0/contacts')], {
      atomic: false,
      defaultScope: store.committed,
      transaction: (fn) => store.transaction(fn),
      execute: (i, s) => store.execute(i, s),
    });
    expect(response?.status).toBe(501);
  });
});
