import { describe, expect, it } from 'vitest';
import { runConcurrentEdits } from './r3-concurrent';

describe('R3: users edit while the sync writes', () => {
  it('every user edit survives in both apps or shows as an error; none is silently overwritten', async () => {
    const outcome = await runConcurrentEdits({
      records: 300,
      editedRecords: 80,
      durationMs: 6000,
      seed: 3,
      maxEdits: 2000,
    });
    expect(outcome.edits).toBeGreaterThanOrEqual(200);
    expect(outcome.lost).toEqual([]);
    expect(outcome.bothSides.lost).toEqual([]);
    expect(outcome.survived).toBeGreaterThan(0);
    expect(outcome.bothSides.records).toBeGreaterThan(0);
  }, 200_000);
});
