/** A piece of work run on request, never twice at once (the queues' pump). */
export interface CoalescedRunner {
  /** Starts the work, or, while it runs, makes it run once more afterwards (requests coalesce). */
  request(): void;
  /** The run in progress, null when idle. */
  readonly current: Promise<void> | null;
}

export function coalesced(
  work: () => Promise<void>,
  options: { stopped: () => boolean; onError: (error: unknown) => void },
): CoalescedRunner {
  let current: Promise<void> | null = null;
  let again = false;
  return {
    request() {
      if (options.stopped()) return;
      if (current) {
        again = true;
        return;
      }
      current = (async () => {
        do {
          again = false;
          try {
            await work();
          } catch (error) {
            options.onError(error);
          }
        } while (again && !options.stopped());
      })().finally(() => {
        current = null;
      });
    },
    get current() {
      return current;
    },
  };
}
