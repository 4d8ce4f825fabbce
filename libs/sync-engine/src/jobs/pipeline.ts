/**
 * Overlaps consecutive batches in three stages: while batch N's outcomes are committed, the writes
 * of the next batches travel to the apps (up to `writesInFlight` batches' writes at once) and the
 * batch after them is read and decided by the caller. Commits run one at a time and in order, so
 * change tokens are committed in order. A batch's writes may start before earlier batches
 * committed; a crash then loses those commits, and the next run repeats those batches — with no
 * duplicate (planned creates are remembered before any write) and no lost update (every update and
 * delete is conditional). Batches whose writes are in flight together hold disjoint records (the
 * caller drains the pipeline before a record comes back). See ADR 004, ADR 013 and ADR 014.
 */
export interface BatchPipeline {
  /**
   * Waits until fewer than `writesInFlight` batches' writes are in flight and the commit of the
   * batch `writesInFlight + 1` back is done (throwing the failure of any earlier stage), then
   * starts this batch's writes and, after them and the previous commit, its commit; returns
   * without waiting for either. So at most `writesInFlight` batches are written but not yet being
   * committed: a commit that hangs stops the writes after that many more batches.
   */
  submit<T>(send: () => Promise<T>, commit: (sent: T) => Promise<unknown>): Promise<void>;
  /** Waits for every stage in flight; throws the first failure. */
  drain(): Promise<void>;
  /** Waits for every stage in flight, ignoring failures (cleaning up after another error). */
  settle(): Promise<void>;
}

export interface BatchPipelineOptions {
  /** Batches whose writes may be in flight at once (default 1). */
  writesInFlight?: number;
}

export function createBatchPipeline(options: BatchPipelineOptions = {}): BatchPipeline {
  const depth = Math.max(1, options.writesInFlight ?? 1);
  /** The writes of the last `depth` batches submitted, oldest first. */
  let sends: Promise<unknown>[] = [];
  /** The commits of the last `depth + 1` batches submitted, oldest first (each after the one before). */
  let commits: Promise<unknown>[] = [];
  const lastCommit = () => commits.at(-1) ?? Promise.resolve();
  let failure: { error: unknown } | null = null;
  const remember = (error: unknown) => {
    failure ??= { error };
  };
  async function settle() {
    await Promise.all(sends.map((p) => p.catch(() => undefined)));
    await lastCommit().catch(() => undefined);
  }
  return {
    async submit(send, commit) {
      if (sends.length >= depth) await sends[0]?.catch(() => undefined);
      if (commits.length > depth) await commits[0]?.catch(() => undefined);
      if (failure) throw failure.error;
      const sent = send();
      const previous = lastCommit();
      const committing = sent.then(async (value) => {
        await previous;
        return commit(value);
      });
      // Observed by the next submit, drain or settle; never an unhandled rejection meanwhile.
      sent.catch(remember);
      committing.catch(remember);
      sends = [...sends, sent].slice(-depth);
      commits = [...commits, committing].slice(-(depth + 1));
    },
    async drain() {
      await settle();
      if (failure) throw failure.error;
    },
    settle,
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
