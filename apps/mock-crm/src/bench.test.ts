import { describe, expect, it } from 'vitest';
import { benchCrm } from '../bench/throughput';

describe('benchCrm', () => {
  it('creates records through $batch change sets and reads them all back, reporting rates', async () => {
    const result = await benchCrm({ records: 250, batchSize: 100, pageSize: 100, singleReads: 20 });
    expect(result.records).toBe(250);
    expect(result.batches).toBe(3);
    expect(result.pages).toBe(3);
    expect(result.createsPerSecond).toBeGreaterThan(0);
    expect(result.readsPerSecond).toBeGreaterThan(0);
    expect(result.singleReadsPerSecond).toBeGreaterThan(0);
  });
});
