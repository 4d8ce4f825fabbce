import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createSyncEngine } from '@twinsync/sync-engine';
import { createStore, type Store } from '@twinsync/sync-store';
import knexFactory from 'knex';
import { formatCount, formatMs, formatRatio, type BarResult } from '../report';
import {
  benchPgUnreachable,
  benchPgUrl as pgUrl,
  notAvailable,
  reasonOf,
  type BarContext,
} from './context';
import { accountCountFor, startMockProcess, type MockProcess } from './mock-process';
import type { WorkerConfig, WorkerMessage } from './r6-worker';

const workerPath = fileURLToPath(new URL('./r6-worker.ts', import.meta.url));
const token = 'bench-token';

export const r6Label = {
  what: 'two scale-out workers on one PostgreSQL store: partitioned first sync, ERP customers → CRM accounts over HTTP',
  target: 'never the same record at once; 2 workers ≥ 1.6× the throughput of 1',
} as const;

/**
 * R6N: the same comparison with every API request of both apps served 20–40 ms late, as by apps
 * across a network (real Business Central and Dataverse answer in 50–300 ms). Here, unlike on
 * loopback, the apps do not take their CPU from the workers' two cores (ADR 018).
 */
export const r6NetworkLabel = {
  what: 'R6 with both apps 20–40 ms away (every request delayed, as over a network)',
  target: r6Label.target,
} as const;

const networkDelayMs = { minMs: 20, maxMs: 40 } as const;

interface Mocks {
  erp: MockProcess;
  crm: MockProcess;
}

const accountCount = accountCountFor(token);

interface Worker {
  child: ChildProcess;
  stopped: Promise<Extract<WorkerMessage, { type: 'stopped' }>>;
}

/** Forks one worker and waits until it takes work. */
function startWorker(config: WorkerConfig): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [JSON.stringify(config)], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let onStopped: (m: Extract<WorkerMessage, { type: 'stopped' }>) => void = () => undefined;
    let onGone: (e: Error) => void = () => undefined;
    const stopped = new Promise<Extract<WorkerMessage, { type: 'stopped' }>>((res, rej) => {
      onStopped = res;
      onGone = rej;
    });
    stopped.catch(() => undefined);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker ${config.workerId} did not start within 60 s`));
    }, 60_000);
    child.on('message', (raw) => {
      const message = raw as WorkerMessage;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({ child, stopped });
      } else if (message.type === 'stopped') onStopped(message);
      else {
        clearTimeout(timer);
        const error = new Error(`worker ${config.workerId} failed: ${message.error}`);
        onGone(error);
        reject(error);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new Error(`worker ${config.workerId} exited with ${signal ?? code}`);
      onGone(error);
      reject(error);
    });
  });
}

/** Asks a worker to stop (it finishes cleanly and reports); killed if it takes longer than 30 s. */
async function stopWorker(worker: Worker) {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return null;
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    return await worker.stopped;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function dropSchema(schema: string) {
  const knex = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
  try {
    await knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
  } finally {
    await knex.destroy();
  }
}

interface RunFigures {
  workers: number;
  records: number;
  ms: number;
  perSecond: number;
  chunks: number;
  /** Chunks each worker finished (by worker id). */
  chunksBy: Record<string, number>;
  /** Ids listed in more than one chunk (0: no record can be in two workers' hands). */
  idsInTwoChunks: number;
  /** Chunks claimed more than once (0 in a run without crashes). */
  chunksClaimedTwice: number;
  couplings: number;
  distinctAccounts: number;
  workerCpuMs: number[];
  /** CPU of the two mock processes during the run. */
  mocksCpuMs: number;
  /** The same, per mock app. */
  erpCpuMs: number;
  crmCpuMs: number;
  /** From the job's start until its last chunk was done; the rest is the job's own pass. */
  chunkPhaseMs: number;
}

/**
 * One measured first sync with `count` workers on a fresh schema of its own: the CRM is emptied,
 * the workers start, an API-role engine in this process enqueues the first sync, and the time is
 * taken from enqueue until the job (coordinator, chunks and its own pass) has finished.
 */
async function measure(
  ctx: BarContext,
  mocks: Mocks,
  count: number,
  records: number,
  chunkSize: number,
): Promise<RunFigures> {
  const schema = `bench_r6_${randomBytes(5).toString('hex')}`;
  await mocks.crm.call({ op: 'reset' });
  let store: Store | null = null;
  const workers: Worker[] = [];
  try {
    store = await createStore({ client: 'pg', connection: pgUrl, schema, poolMax: 4 });
    for (let i = 0; i < count; i++) {
      workers.push(
        await startWorker({
          pgUrl,
          schema,
          workerId: `worker-${i + 1}`,
          erpUrl: mocks.erp.url,
          crmUrl: mocks.crm.url,
          token,
          batchSize: 500,
          chunkSize,
        }),
      );
    }
    const api = createSyncEngine({
      store,
      erp: { url: mocks.erp.url, token },
      crm: { url: mocks.crm.url, token },
      runJobs: false,
    });
    await api.start();
    const mocksCpu = async () => ({
      erp: await mocks.erp.call({ op: 'cpu' }),
      crm: await mocks.crm.call({ op: 'cpu' }),
    });
    // R6_PROFILE=dir: CPU profiles of both mock apps during each run, for finding their hot spots.
    const profileDir = process.env['R6_PROFILE'];
    if (profileDir) {
      await mocks.erp.call({ op: 'profile-start' });
      await mocks.crm.call({ op: 'profile-start' });
    }
    const cpuBefore = await mocksCpu();
    const started = performance.now();
    const { jobId } = await api.enqueue({ mapping: 'customers', requestedBy: 'bench' });
    const result = await api.waitForJob(jobId);
    const ms = performance.now() - started;
    // Before the profiles are stopped: writing them out is not the run's work.
    const cpuAfter = await mocksCpu();
    if (profileDir) {
      for (const app of ['erp', 'crm'] as const) {
        const path = `${profileDir}/r6-${count}w-${app}-${schema}.cpuprofile`;
        await mocks[app].call({ op: 'profile-stop', path });
      }
    }
    const erpCpuMs = cpuAfter.erp - cpuBefore.erp;
    const crmCpuMs = cpuAfter.crm - cpuBefore.crm;
    await api.close();
    if (result.status !== 'succeeded')
      throw new Error(
        `the first sync with ${count} worker(s) ended ${result.status}: ${result.error ?? ''}`,
      );
    const chunks = await store.jobChunks.listByJob(jobId);
    const ids = chunks.flatMap((c) => c.ids);
    const chunksBy: Record<string, number> = {};
    for (const c of chunks) chunksBy[c.claimedBy ?? '?'] = (chunksBy[c.claimedBy ?? '?'] ?? 0) + 1;
    const couplings = Number(
      (
        (await store.knex('couplings').count({ n: '*' }).where('state', 'coupled')) as {
          n: unknown;
        }[]
      )[0]?.n ?? 0,
    );
    const stats = await Promise.all(workers.splice(0).map((w) => stopWorker(w)));
    const figures: RunFigures = {
      workers: count,
      records,
      ms,
      perSecond: (records * 1000) / ms,
      chunks: chunks.length,
      chunksBy,
      idsInTwoChunks: ids.length - new Set(ids).size,
      chunksClaimedTwice: chunks.filter((c) => c.attempts > 1).length,
      couplings,
      distinctAccounts: await accountCount(mocks.crm.url),
      workerCpuMs: stats.map((s) => s?.cpuMs ?? NaN),
      mocksCpuMs: erpCpuMs + crmCpuMs,
      erpCpuMs,
      crmCpuMs,
      chunkPhaseMs:
        Math.max(...chunks.map((c) => Date.parse(c.updatedAt))) -
        Date.parse(result.startedAt ?? ''),
    };
    ctx.log(
      `R6: ${count} worker(s): ${formatCount(records)} records in ${formatMs(ms)} (${formatCount(Math.round(figures.perSecond))}/s), chunks by worker ${JSON.stringify(chunksBy)}, chunk phase ${formatMs(figures.chunkPhaseMs)}, CPU: mocks ${formatMs(figures.mocksCpuMs)} (ERP ${formatMs(erpCpuMs)}, CRM ${formatMs(crmCpuMs)}), workers ${figures.workerCpuMs.map((c) => formatMs(c)).join(' + ')}`,
    );
    return figures;
  } finally {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await store?.close();
    await dropSchema(schema);
  }
}

/**
 * R6: the same partitioned first sync (ERP customers → CRM accounts through both mocks, each in
 * a process of its own) with one worker process and with two, on one PostgreSQL store each, in the same run;
 * throughput ratio 2 : 1, and the checks that no record was in two workers' hands at once.
 */
const cpuOf = (r: RunFigures) =>
  `${(r.erpCpuMs / 1000).toFixed(1)} + ${(r.crmCpuMs / 1000).toFixed(1)} | ${r.workerCpuMs.map((c) => (c / 1000).toFixed(1)).join(' + ')}`;

const median = (runs: RunFigures[]) => {
  const sorted = runs.map((r) => r.perSecond).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** 1, 2, 1, 2 … workers, so a drifting machine load hits both alike. */
async function measureRounds(
  ctx: BarContext,
  mocks: Mocks,
  rounds: number,
  records: number,
  chunkSize: number,
): Promise<{ one: RunFigures[]; two: RunFigures[] }> {
  const one: RunFigures[] = [];
  const two: RunFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    one.push(await measure(ctx, mocks, 1, records, chunkSize));
    two.push(await measure(ctx, mocks, 2, records, chunkSize));
  }
  return { one, two };
}

/** The bar's verdict on a set of rounds: throughput ratio and the exclusivity checks. */
function verdict(
  bar: { id: string; what: string; target: string },
  { one, two }: { one: RunFigures[]; two: RunFigures[] },
  setting: { records: number; chunkSize: number; rounds: number; where: string },
): BarResult {
  const { records, chunkSize, rounds, where } = setting;
  const rate1 = median(one);
  const rate2 = median(two);
  const ratio = rate2 / rate1;
  const all = [...one, ...two];
  const exclusive = all.every(
    (r) =>
      r.idsInTwoChunks === 0 &&
      r.chunksClaimedTwice === 0 &&
      r.couplings === records &&
      r.distinctAccounts === records,
  );
  const bothWorked = two.every((r) => Object.keys(r.chunksBy).length === 2);
  return {
    ...bar,
    figure: `2 workers ${formatCount(Math.round(rate2))} records/s vs 1 worker ${formatCount(Math.round(rate1))}/s; ${exclusive ? 'no record in two workers’ hands' : 'OVERLAP or duplicates found'}`,
    baseline: `1 worker: ${formatCount(Math.round(rate1))} records/s`,
    ratio,
    pass: exclusive && bothWorked && ratio >= 1.6,
    notes: `${formatCount(records)} customers, chunks of ${formatCount(chunkSize)}, ${rounds} round(s) of 1 then 2 workers (median); ${where}; ratio ${formatRatio(ratio)} (target 1.6). Exclusivity: chunks disjoint (${all.map((r) => r.idsInTwoChunks).join('/')} ids in two chunks), every chunk claimed once, ${formatCount(records)} couplings and ${formatCount(records)} distinct CRM accounts per run; with two workers each finished chunks (${two.map((r) => JSON.stringify(r.chunksBy)).join(', ')}). CPU s (ERP mock + CRM mock | workers): 1 worker ${one.map(cpuOf).join(', ')}; 2 workers ${two.map(cpuOf).join(', ')}. Chunk phase / whole job: ${all.map((r) => `${formatMs(r.chunkPhaseMs)} / ${formatMs(r.ms)}`).join(', ')}.`,
    raw: { one, two, rate1, rate2 },
  };
}

export async function runR6(ctx: BarContext, wanted: readonly string[]): Promise<BarResult[]> {
  const bars = [
    { id: 'R6', ...r6Label },
    { id: 'R6N', ...r6NetworkLabel },
  ].filter((bar) => wanted.includes(bar.id));
  const unreachable = await benchPgUnreachable();
  if (unreachable) return bars.map((bar) => notAvailable(bar, unreachable));
  const records = ctx.quick ? 6_000 : 30_000;
  const chunkSize = ctx.quick ? 500 : 1_000;
  const rounds = ctx.quick ? 1 : 2;
  const started = await Promise.allSettled([
    startMockProcess('erp', token),
    startMockProcess('crm', token),
  ]);
  const [erp, crm] = started.map((r) => (r.status === 'fulfilled' ? r.value : null));
  try {
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed || !erp || !crm)
      throw new Error(`a mock did not start: ${reasonOf(failed?.reason ?? 'unknown')}`);
    const mocks: Mocks = { erp, crm };
    const seeded = await erp.call({ op: 'seed', count: records, seed: 42 });
    if (seeded !== records)
      throw new Error(`the ERP mock seeded ${seeded} customers, not ${records}`);
    ctx.log(`R6: ERP seeded with ${formatCount(records)} customers`);
    // Untimed: the mock apps' first requests pay their JIT warm-up, which would favour whichever
    // worker count is measured second.
    ctx.log('R6: warm-up run (2 workers, not measured)');
    await measure(ctx, mocks, 2, records, chunkSize);
    const setting = { records, chunkSize, rounds };
    const results: BarResult[] = [];
    for (const bar of bars) {
      const network = bar.id === 'R6N';
      if (network) {
        ctx.log(
          `R6N: every request of both apps now waits ${networkDelayMs.minMs}–${networkDelayMs.maxMs} ms`,
        );
        await erp.call({ op: 'latency', ...networkDelayMs });
        await crm.call({ op: 'latency', ...networkDelayMs });
      }
      const where = network
        ? `each mock app in a process of its own, every API request delayed ${networkDelayMs.minMs}–${networkDelayMs.maxMs} ms (uniform)`
        : 'each mock app in a process of its own, on loopback';
      results.push(
        verdict(bar, await measureRounds(ctx, mocks, rounds, records, chunkSize), {
          ...setting,
          where,
        }),
      );
    }
    return results;
  } finally {
    await Promise.all([erp?.stop(), crm?.stop()]);
  }
}
