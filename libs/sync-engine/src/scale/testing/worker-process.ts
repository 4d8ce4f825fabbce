import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { testPgUrl } from '../pg-test-support';

/**
 * A scale-out worker in a process of its own (scale-worker.ts) for the tests that kill, freeze
 * or wake one: its JSON lines on stdout, its log on stderr.
 */

const workerScript = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));

export type Line = Record<string, unknown>;

export interface WorkerProcess {
  child: ChildProcess;
  /** Every JSON line so far, in order. */
  readonly lines: readonly Line[];
  /** The log so far. */
  stderr(): string;
  /** Resolves with the first line that passes `test`; rejects on exit or after `timeoutMs`. */
  waitFor(test: (line: Line) => boolean, timeoutMs: number): Promise<Line>;
  /** Resolves once the log holds `text`; rejects on exit or after `timeoutMs`. */
  waitForLog(text: string, timeoutMs: number): Promise<void>;
  /** SIGKILL (unless it already ended) and wait for the exit. */
  kill(): Promise<void>;
}

export interface WorkerProcessOptions {
  schema: string;
  worker: string;
  erpUrl: string;
  crmUrl: string;
  chunkSize: number;
  /** Settings of scale-worker.ts beyond the required ones (SCALE_FREEZE_AFTER, …). */
  env?: Record<string, string>;
}

export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: {
      ...process.env,
      SCALE_PG_URL: testPgUrl,
      SCALE_PG_SCHEMA: options.schema,
      SCALE_WORKER: options.worker,
      SCALE_CHUNK_SIZE: String(options.chunkSize),
      ERP_URL: options.erpUrl,
      ERP_TOKEN: 'erp-token',
      CRM_URL: options.crmUrl,
      CRM_TOKEN: 'crm-token',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let log = '';
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const listener of listeners) listener();
  };
  if (!child.stdout || !child.stderr) throw new Error('no stdout or stderr');
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Line);
    } catch {
      return;
    }
    tell();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString();
    tell();
  });

  function until(found: () => boolean, what: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
      };
      const check = () => {
        if (!found()) return;
        done();
        resolve();
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`the worker exited (${String(code)}) before ${what}\n${log}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} from the worker within ${timeoutMs} ms\n${log}`));
      }, timeoutMs);
      listeners.add(check);
      child.once('exit', onExit);
      check();
    });
  }

  return {
    child,
    lines,
    stderr: () => log,
    async waitFor(test, timeoutMs) {
      await until(() => lines.some(test), 'such line', timeoutMs);
      const found = lines.find(test);
      if (!found) throw new Error('unreachable');
      return found;
    },
    waitForLog: (text, timeoutMs) => until(() => log.includes(text), `log "${text}"`, timeoutMs),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
