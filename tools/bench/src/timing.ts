/** Wall-clock repetitions for end-to-end figures: warm-up runs first, then measured runs. */
export interface RepeatOptions {
  warmup: number;
  repetitions: number;
}

export interface Timed<T> {
  /** Milliseconds of each measured run, in run order. */
  samples: number[];
  /** What each measured run returned, in run order. */
  results: T[];
}

/**
 * Runs `setup` (untimed) then `run` (timed) warm-up + repetitions times. `setup` prepares a fresh
 * state for each run, so every measured run does the same work.
 */
export async function repeat<S, T>(
  options: RepeatOptions,
  setup: (index: number) => Promise<S> | S,
  run: (state: S, index: number) => Promise<T> | T,
): Promise<Timed<T>> {
  if (!Number.isInteger(options.repetitions) || options.repetitions < 1)
    throw new RangeError(`repetitions must be a positive integer, got ${options.repetitions}`);
  if (!Number.isInteger(options.warmup) || options.warmup < 0)
    throw new RangeError(`warmup must be a non-negative integer, got ${options.warmup}`);
  const samples: number[] = [];
  const results: T[] = [];
  const total = options.warmup + options.repetitions;
  for (let i = 0; i < total; i++) {
    const state = await setup(i);
    const started = performance.now();
    const result = await run(state, i);
    const elapsed = performance.now() - started;
    if (i >= options.warmup) {
      samples.push(elapsed);
      results.push(result);
    }
  }
  return { samples, results };
}
