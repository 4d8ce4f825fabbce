export interface SchedulerStatus {
  running: boolean;
  lastTickAt: Date | null;
  intervalMs: number | null;
}

export interface Scheduler {
  start(): void;
  stop(): void;
  status(): SchedulerStatus;
  /** Runs one tick now (tests, "sync all now"). */
  tick(): Promise<void>;
}

export interface SchedulerOptions {
  /** How often every mapping is synced; default 30 minutes. */
  intervalMs: number;
  /** Enqueues the scheduled runs; errors are reported, never thrown out of the timer. */
  onTick: () => Promise<void>;
  onError: (error: unknown) => void;
  now: () => Date;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** A recurring timer that asks for a sync of every mapping; stopped (timer cleared) by stop(). */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const set =
    options.setInterval ??
    ((fn: () => void, ms: number) => {
      const handle = setInterval(fn, ms);
      handle.unref();
      return handle;
    });
  const clear =
    options.clearInterval ?? ((h: unknown) => clearInterval(h as ReturnType<typeof setInterval>));
  let handle: unknown = null;
  let lastTickAt: Date | null = null;
  let ticking = false;

  async function tick() {
    if (ticking) return;
    ticking = true;
    lastTickAt = options.now();
    try {
      await options.onTick();
    } catch (error) {
      options.onError(error);
    } finally {
      ticking = false;
    }
  }

  return {
    start() {
      if (handle !== null) return;
      handle = set(() => void tick(), options.intervalMs);
    },
    stop() {
      if (handle === null) return;
      clear(handle);
      handle = null;
    },
    status: () => ({ running: handle !== null, lastTickAt, intervalMs: options.intervalMs }),
    tick,
  };
}
