import { describe, expect, it } from 'vitest';
import { runCrashes } from './r1-crash';

describe('R1: kill -9 of the sync worker', () => {
  it('a sync of 1,000 records killed at 3 seeded random moments converges after each restart', async () => {
    const outcome = await runCrashes({
      records: 1000,
      trials: 3,
      changesPerTrial: 200,
      seed: 1,
      batchSize: 100,
    });
    for (const t of outcome.trials)
      expect(t.problems, `trial ${t.trial} (${t.killedAt})`).toEqual([]);
    expect(outcome.trials).toHaveLength(3);
    expect(outcome.kills).toBeGreaterThanOrEqual(2);
    expect(outcome.converged).toBe(3);
    expect(outcome.editsChecked).toBeGreaterThanOrEqual(200);
    expect(outcome.final?.coupled).toBeGreaterThanOrEqual(1000);
  }, 280_000);
});
