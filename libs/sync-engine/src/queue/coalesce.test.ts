import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('coalesced', () => {
  it('never runs twice at once; requests during a run make exactly one more run', async () => {
    let runs = 0;
    let active = 0;
    let most = 0;
    const runner = coalesced(
      async () => {
        runs += 1;
        active += 1;
        most = Math.max(most, active);
        await tick();
        active -= 1;
      },
      { stopped: () => false, onError: () => undefined },
    );
    runner.request();
    runner.request();
    runner.request();
    expect(runner.current).not.toBeNull();
    while (runner.current) await runner.current;
    expect(runs).toBe(2);
    expect(most).toBe(1);
  });

  it('reports a failed run and stays usable; a stopped runner does not start', async () => {
    const errors: unknown[] = [];
    let stopped = false;
    let runs = 0;
    const runner = coalesced(
      () => {
        runs += 1;
        return Promise.reject(new Error(`run ${runs} failed`));
      },
      { stopped: () => stopped, onError: (error) => errors.push(error) },
    );
    runner.request();
    await runner.current;
    runner.request();
    await runner.current;
    expect(errors.map((e) => (e as Error).message)).toEqual(['run 1 failed', 'run 2 failed']);
    stopped = true;
    runner.request();
    expect(runner.current).toBeNull();
    expect(runs).toBe(2);
  });
});
