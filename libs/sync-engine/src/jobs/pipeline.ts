/**
 * Overlaps the two halves of consecutive batches: while batch N's writes travel to the apps and
 * its outcomes are committed, batch N+1 is read and decided. The write-and-commit stages still run
 * one at a time and in order, so change tokens are committed in order and the durability argument
 * of a single batch (planned creates remembered before writes, outcomes and token in one commit)
 * holds unchanged: a crash loses at most uncommitted batches, which the next run repeats.
 */
export interface BatchPipeline {
  /**
   * Waits until the previous stage finished (throwing its failure), then starts `stage` and returns
   * without waiting for it.
   */
  submit(stage: () => Promise<unknown>): Promise<void>;
  /** Waits for the stage in flight; throws its failure. */
  drain(): Promise<void>;
  /** Waits for the stage in flight, ignoring its failure (cleaning up after another error). */
  settle(): Promise<void>;
}

export function createBatchPipeline(): BatchPipeline {
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    async submit(stage) {
      await inFlight;
      const started = stage();
      // Observed by the next submit, drain or settle; never an unhandled rejection meanwhile.
      started.catch(() => undefined);
      inFlight = started;
    },
    async drain() {
      await inFlight;
    },
    async settle() {
      await inFlight.catch(() => undefined);
    },
  };
}

/**
 * Reads one item ahead of the consumer: the next page is being fetched while the current one is
 * processed. At most two pages are held at once.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let finished = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        finished = true;
        return;
      }
      next = iterator.next();
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!finished) {
      // The consumer stopped early (or a read failed): let the read in flight end, then close.
      await next.catch(() => undefined);
      await iterator.return?.();
    }
  }
}
