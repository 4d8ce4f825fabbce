import { describe, expect, it } from 'vitest';
import { batchAll } from './batch-all';
import type { BatchOperation, BatchOutcome } from './types';

const op = (n: number): BatchOperation => ({ method: 'GET', url: `x(${n})` });
const ok = (o: BatchOperation): BatchOutcome => ({
  ok: true,
  status: 200,
  headers: {},
  body: undefined,
  entityId: o.url,
  etag: undefined,
  alreadyExisted: false,
});

describe('batchAll', () => {
  it('splits operations into chunks of at most the limit and keeps the outcomes in order', async () => {
    const sizes: number[] = [];
    const outcomes = await batchAll(
      (chunk) => {
        sizes.push(chunk.length);
        return Promise.resolve(chunk.map(ok));
      },
      Array.from({ length: 25 }, (_, i) => op(i)),
      10,
    );
    expect(sizes).toEqual([10, 10, 5]);
    expect(outcomes.map((o) => o.ok && o.entityId)).toEqual(
      Array.from({ length: 25 }, (_, i) => `x(${i})`),
    );
  });

  it('never makes a chunk larger than the service limit even when asked to', async () => {
    const sizes: number[] = [];
    await batchAll(
      (chunk) => {
        sizes.push(chunk.length);
        return Promise.resolve(chunk.map(ok));
      },
      Array.from({ length: 7 }, (_, i) => op(i)),
      3,
      { chunkSize: 50, atomic: false },
    );
    expect(sizes).toEqual([3, 3, 1]);
  });
});
