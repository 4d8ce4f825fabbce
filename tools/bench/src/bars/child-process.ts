import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * This process's own peak resident set: `VmHWM` of /proc/self/status. Not getrusage's maxRSS: on
 * Linux a forked child's maxRSS keeps the high-water mark of the parent's memory it was forked
 * from (carried across exec), so a child forked by a harness holding 100k records in its mocks
 * reported the harness's ~300 MB, not its own peak. Falls back to maxRSS where /proc is missing.
 */
export function peakRssBytes(): number {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: below
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resident set size of a process from /proc (Linux), bytes; null where unavailable. */
export function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Milliseconds this process's threads have spent runnable but waiting for a CPU, from Linux's
 * `/proc/self/task/<tid>/schedstat` (its second field, in ns); null where that file is missing.
 * Threads that ended are not counted, so read it before and after a run of a long-lived process.
 */
export function runQueueWaitMs(): number | null {
  try {
    let ns = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        ns += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[1] ?? 0);
      } catch {
        // the thread ended meanwhile
      }
    }
    return ns / 1e6;
  } catch {
    return null;
  }
}

export interface ChildRun<T> {
  message: T;
  /** Highest RSS seen by sampling the child every `sampleMs` (null if /proc is unavailable). */
  sampledPeakRssBytes: number | null;
  samples: number;
}

/**
 * Forks a TypeScript module under the same loader as this process (tsx), passes `arg`, waits for
 * its one IPC message, samples its RSS meanwhile, and kills it (by its pid) after `timeoutMs`.
 */
export function runChild<T>(
  modulePath: string,
  arg: unknown,
  options: { timeoutMs: number; sampleMs?: number; nodeFlags?: readonly string[] },
): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const child = fork(modulePath, [JSON.stringify(arg)], {
      execArgv: [...process.execArgv, ...(options.nodeFlags ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let peak: number | null = null;
    let samples = 0;
    let message: { value: T } | null = null;
    const sample = () => {
      if (child.pid === undefined) return;
      const rss = rssOf(child.pid);
      if (rss !== null) {
        peak = Math.max(peak ?? 0, rss);
        samples++;
      }
    };
    const sampler = setInterval(sample, options.sampleMs ?? 50);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`the child ${modulePath} did not finish within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    let done = false;
    function finish(error: Error | null) {
      if (done) return;
      done = true;
      clearInterval(sampler);
      clearTimeout(timer);
      if (error) reject(error);
      else if (message) resolve({ message: message.value, sampledPeakRssBytes: peak, samples });
      else reject(new Error(`the child ${modulePath} exited without a result`));
    }
    child.on('message', (value) => {
      sample();
      message = { value: value as T };
    });
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) => {
      if (!message && !done)
        return finish(new Error(`the child ${modulePath} exited with ${signal ?? code}`));
      finish(null);
    });
  });
}

/**
 * The V8 flags `npm run server` starts the sync process with (the root package.json's `server`
 * script, e.g. `--max-old-space-size=192`), so a bench child runs the engine as it is deployed.
 */
export function serverNodeFlags(packageJsonPath: string): string[] {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return pkg.scripts?.['server']?.match(/--max-old-space-size=\d+/g) ?? [];
}
