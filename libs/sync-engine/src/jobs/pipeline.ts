/**
 * Overlaps consecutive batches in three stages: while batch N's outcomes are committed, batch
 * N+1's writes travel to the apps and batch N+2 is read and decided by the caller. Each stage runs
 * one batch at a time and in order: writes never overtake writes, commits never overtake commits,
 * so change tokens are committed in order. A batch's writes may start before the previous batch's
 * commit; a crash in between loses both commits, and the next run repeats both batches — with no
 * duplicate (planned creates are remembered before any write) and no lost update (every update and
 * delete is conditional). See ADR 004 and ADR 013.
 */
export interface BatchPipeline {
  /**
   * Waits until the previous batch's writes and the commit before that are done (throwing the
   * failure of any earlier stage), then starts this batch's writes and, after them and the
   * previous commit, its commit; returns without waiting for either. So at most one batch is
   * written but not yet being committed: a commit that hangs stops the writes after one batch.
   */
  submit<T>(send: () => Promise<T>, commit: (sent: T) => Promise<unknown>): Promise<void>;
  /** Waits for every stage in flight; throws the first failure. */
  drain(): Promise<void>;
  /** Waits for every stage in flight, ignoring failures (cleaning up after another error). */
  settle(): Promise<void>;
}

export function createBatchPipeline(): BatchPipeline {
  let sending: Promise<unknown> = Promise.resolve();
  let committing: Promise<unknown> = Promise.resolve();
  /** The commit of the batch before the last one submitted. */
  let committingBefore: Promise<unknown> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const remember = (error: unknown) => {
    failure ??= { error };
  };
  return {
    async submit(send, commit) {
      await sending;
      await committingBefore.catch(() => undefined);
      if (failure) throw failure.error;
      const sent = send();
      const previous = committing;
      committing = sent.then(async (value) => {
        await previous;
        return commit(value);
      });
      committingBefore = previous;
      // Observed by the next submit, drain or settle; never an unhandled rejection meanwhile.
      sent.catch(remember);
      committing.catch(remember);
      sending = sent;
    },
    async drain() {
      await sending;
      await committing;
      if (failure) throw failure.error;
    },
    async settle() {
      await sending.catch(() => undefined);
      await committing.catch(() => undefined);
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
