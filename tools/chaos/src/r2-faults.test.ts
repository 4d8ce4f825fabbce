import { describe, expect, it } from 'vitest';
import { runFaults } from './r2-faults';

describe('R2: transient faults in both apps', () => {
  it('a two-way sync through 10% 429, 5% 503, dropped connections and latency converges with nothing failed or Skipped', async () => {
    const outcome = await runFaults({ records: 150, seed: 2, maxSleepMs: 20 });
    expect(outcome.injected['429']).toBeGreaterThan(0);
    expect(outcome.injected['503']).toBeGreaterThan(0);
    expect(outcome.injected.drop).toBeGreaterThan(0);
    expect(outcome.retryAfterWaits).toBeGreaterThan(0);
    expect(outcome.skippedSeen).toBe(0);
    expect(outcome.edits).toBeGreaterThanOrEqual(10);
    const { final } = outcome;
    expect(final.openErrors).toBe(0);
    expect(final.skipped).toBe(0);
    expect(final.duplicateErpNumbers).toEqual([]);
    expect(final.duplicateCrmNumbers).toEqual([]);
    expect(final.brokenCouplings).toEqual([]);
    expect(final.uncoupled).toEqual([]);
    expect(final.mismatches.slice(0, 5)).toEqual([]);
    expect(final.erpRecords).toBe(final.crmRecords);
    expect(final.coupled).toBe(final.erpRecords);
  });
});
