import { describe, expect, it } from 'vitest';
import { benchErp } from '../bench/erp.bench';

describe('benchErp', () => {
  it('creates records through JSON $batch and reads them all back, reporting rates', async () => {
    const result = await benchErp({ records: 250, pageSize: 100 });
    expect(result.records).toBe(250);
    expect(result.pages).toBe(3);
    expect(result.createsPerSecond).toBeGreaterThan(0);
    expect(result.readsPerSecond).toBeGreaterThan(0);
  });
});
