import { describe, expect, it } from 'vitest';
import { repeat } from './timing';

describe('wall-clock repetitions', () => {
  it('runs the warm-up first and keeps only the measured runs', async () => {
    const calls: string[] = [];
    const timed = await repeat(
      { warmup: 2, repetitions: 3 },
      (i) => {
        calls.push(`setup ${i}`);
        return i * 10;
      },
      (state, i) => {
        calls.push(`run ${i}`);
        return state + 1;
      },
    );
    expect(timed.results).toEqual([21, 31, 41]);
    expect(timed.samples).toHaveLength(3);
    expect(calls.slice(0, 4)).toEqual(['setup 0', 'run 0', 'setup 1', 'run 1']);
  });

  it('times the run but not the setup', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const timed = await repeat(
      { warmup: 0, repetitions: 1 },
      () => sleep(500),
      () => sleep(5),
    );
    expect(timed.samples[0]).toBeGreaterThanOrEqual(4);
    expect(timed.samples[0]).toBeLessThan(400);
  });

  it('refuses zero repetitions or a negative warm-up', async () => {
    await expect(
      repeat(
        { warmup: 0, repetitions: 0 },
        () => 0,
        () => 0,
      ),
    ).rejects.toThrow(/repetitions must be a positive integer/);
    await expect(
      repeat(
        { warmup: -1, repetitions: 1 },
        () => 0,
        () => 0,
      ),
    ).rejects.toThrow(/warmup must be a non-negative integer/);
  });
});
