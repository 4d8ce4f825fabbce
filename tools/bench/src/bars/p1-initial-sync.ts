import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { formatCount, formatMs, summarize } from '../report';
import type { BarResult } from '../report';
import { readFileSync } from 'node:fs';
import { topFunctions, topModules, type CpuProfile, type HotSpot } from '../profile';
import { runChild, serverNodeFlags, type ChildRun } from './child-process';
import type { ChildConfig, ChildResult } from './p1-child';
import type { BarContext } from './context';
import { startMockProcess, type MockProcess } from './mock-process';
import { labels } from './labels';

const childPath = fileURLToPath(new URL('./p1-child.ts', import.meta.url));
const token = 'bench-token';
/** The engine's default records per batch; the raw ceiling posts `$batch` requests of the same size. */
export const batchSize = 500;
const unlimited = { requestsPerWindow: 100_000_000, windowSeconds: 300 };

export interface Mocks {
  erp: RunningMockErp;
  crm: RunningMockCrm;
  close(): Promise<void>;
}

/** Both mock servers on ephemeral loopback ports, request-window limits lifted (see ADR). */
export async function startMocks(): Promise<Mocks> {
  const erp = await startMockErp({
    port: 0,
    token,
    log: false,
    webhookDelayMs: 3_600_000,
    limits: unlimited,
  });
  try {
    const crm = await startMockCrm({ port: 0, token, log: false, limits: unlimited });
    return {
      erp,
      crm,
      async close() {
        await crm.close();
        await erp.close();
      },
    };
  } catch (error) {
    await erp.close();
    throw error;
  }
}

/** How many records an entity set of the CRM mock holds, through its Web API. */
export async function crmCount(crm: { url: string }, entitySet: string): Promise<number> {
  const res = await fetch(`${crm.url}/api/data/v9.2/${entitySet}?$count=true&$top=1&$select=name`, {
    headers: { authorization: `Bearer ${token}`, 'OData-Version': '4.0' },
  });
  if (!res.ok) throw new Error(`CRM count of ${entitySet} answered ${res.status}`);
  const body = (await res.json()) as { '@odata.count'?: number };
  if (typeof body['@odata.count'] !== 'number') throw new Error('CRM count without @odata.count');
  return body['@odata.count'];
}

type Ok = Extract<ChildResult, { ok: true }>;

const rootPackageJson = fileURLToPath(new URL('../../../../package.json', import.meta.url));

async function child(config: ChildConfig, timeoutMs: number): Promise<ChildRun<Ok>> {
  // The sync child runs with the server's heap flags (P5 measures the process as deployed).
  const nodeFlags = config.mode === 'sync' ? serverNodeFlags(rootPackageJson) : [];
  const run = await runChild<ChildResult>(childPath, config, {
    timeoutMs,
    sampleMs: 50,
    nodeFlags,
  });
  const msg = run.message;
  if (!msg.ok) throw new Error(`${config.mode} child failed: ${msg.error.split('\n')[0]}`);
  return { ...run, message: msg };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (records: number, ms: number) => (records * 1000) / ms;
const hotList = (spots: readonly HotSpot[] | undefined, n: number) =>
  (spots ?? [])
    .slice(0, n)
    .map((s) => `${s.name} ${s.selfPercent.toFixed(1)} %`)
    .join('; ');

/**
 * How long the CRM mock's threads were ready to run but had no CPU: on two cores the sync process
 * competes with the mock for them, the raw run's poster hardly does (ADR 019).
 */
function waitedNote(sync: number[], ceiling: number[]): string {
  if (sync.some((ms) => ms < 0) || ceiling.some((ms) => ms < 0)) return '';
  return (
    `The CRM mock's threads waited for a CPU (run queue, /proc schedstat) ` +
    `${formatMs(summarize(sync).median)} during the sync and ${formatMs(summarize(ceiling).median)} during the raw run. `
  );
}

/** P1 (initial sync vs raw ceiling, with a CPU profile) and P5 (peak RSS of the sync process). */
export async function runP1P5(ctx: BarContext): Promise<BarResult[]> {
  const records = ctx.quick ? 10_000 : 100_000;
  /** One warm-up run, profiled, at a tenth of the size (the same code paths, a fraction of the time). */
  const warmup = 1;
  const warmupRecords = records / 10;
  const repetitions = ctx.quick ? 1 : 2;
  const timeoutMs = ctx.quick ? 5 * 60_000 : 20 * 60_000;
  const profileFile = `${ctx.stem}-p1.cpuprofile`;
  // Each mock app in a process of its own, as R6 runs them: the ERP and the CRM are separate
  // systems, and one event loop for both made the ERP's page reads hold up the CRM's writes.
  const started = await Promise.allSettled([
    startMockProcess('erp', token),
    startMockProcess('crm', token),
  ]);
  const up = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(up.map((m) => m.stop()));
    throw failed.reason;
  }
  const [erpMock, crmMock] = up as [MockProcess, MockProcess];
  const mocks = { erp: erpMock, crm: crmMock };
  try {
    const base = { erpUrl: mocks.erp.url, crmUrl: mocks.crm.url, token, batchSize };
    const ceilingMs: number[] = [];
    const syncMs: number[] = [];
    const ratios: number[] = [];
    const maxRss: number[] = [];
    const memoryAtPeak: NodeJS.MemoryUsage[] = [];
    const sampledRss: number[] = [];
    let hot: Ok | null = null;
    /** CPU of each process and CRM SQL statements during the measured runs. */
    const load = {
      syncCpuMs: [] as number[],
      ceilingCpuMs: [] as number[],
      mocksDuringSyncCpuMs: [] as number[],
      mocksDuringCeilingCpuMs: [] as number[],
      crmStatementsPerRecordSync: [] as number[],
      crmStatementsPerRecordCeiling: [] as number[],
      /** Time the CRM mock's threads were runnable but waited for a CPU (Linux only, else -1). */
      crmWaitedDuringSyncMs: [] as number[],
      crmWaitedDuringCeilingMs: [] as number[],
    };
    const mocksCpu = async () =>
      (await mocks.erp.call({ op: 'cpu' })) + (await mocks.crm.call({ op: 'cpu' }));
    const watched = async <T>(fn: () => Promise<T>) => {
      await mocks.crm.call({ op: 'statements' });
      const cpu = await mocksCpu();
      const waited = await mocks.crm.call({ op: 'waited' });
      const result = await fn();
      const mocksCpuMs = (await mocksCpu()) - cpu;
      const crmWaitedMs = waited < 0 ? -1 : (await mocks.crm.call({ op: 'waited' })) - waited;
      return {
        result,
        mocksCpuMs,
        crmWaitedMs,
        statements: await mocks.crm.call({ op: 'statements' }),
      };
    };
    const mockHot: Record<string, { file: string; functions: HotSpot[]; modules: HotSpot[] }> = {};
    /** Profiles the CRM mock's process while a warm-up child runs. */
    async function maybeProfiled<T>(on: boolean, label: string, fn: () => Promise<T>): Promise<T> {
      if (!on) return fn();
      const file = `${ctx.stem}-p1-crm-during-${label}.cpuprofile`;
      const path = join(ctx.outDir, file);
      await mocks.crm.call({ op: 'profile-start' });
      let result: T;
      try {
        result = await fn();
      } finally {
        await mocks.crm.call({ op: 'profile-stop', path });
      }
      const taken = { result, profile: JSON.parse(readFileSync(path, 'utf8')) as CpuProfile };
      mockHot[label] = {
        file,
        functions: topFunctions(taken.profile, 15),
        modules: topModules(taken.profile),
      };
      return taken.result;
    }
    for (let i = 0; i < warmup + repetitions; i++) {
      const measured = i >= warmup;
      const size = measured ? records : warmupRecords;
      if (i === 0 || i === warmup) {
        await mocks.erp.call({ op: 'reset' });
        const seeded = await mocks.erp.call({ op: 'seed', count: size, seed: 42 });
        if (seeded !== size)
          throw new Error(`the ERP mock seeded ${seeded} customers, not ${size}`);
        ctx.log(`P1: ERP seeded with ${formatCount(size)} customers`);
      }
      await mocks.crm.call({ op: 'reset' });
      const ceilingWatch = await watched(() =>
        maybeProfiled(i === 0, 'ceiling', () => child({ ...base, mode: 'ceiling' }, timeoutMs)),
      );
      const ceiling = ceilingWatch.result;
      if ((await crmCount(mocks.crm, 'accounts')) !== size)
        throw new Error('the raw ceiling run did not leave every account in the CRM');
      await mocks.crm.call({ op: 'reset' });
      const profile = i === 0 ? { profilePath: join(ctx.outDir, profileFile) } : {};
      const syncWatch = await watched(() =>
        maybeProfiled(i === 0, 'sync', () =>
          child({ ...base, mode: 'sync', ...profile }, timeoutMs),
        ),
      );
      const sync = syncWatch.result;
      const accounts = await crmCount(mocks.crm, 'accounts');
      if (accounts !== size || sync.message.records !== size)
        throw new Error(
          `the sync created ${sync.message.records} accounts (CRM holds ${accounts}), not ${size}; ` +
            `job counters ${JSON.stringify(sync.message.counters ?? {})}`,
        );
      ctx.log(
        `P1 run ${i + 1}${measured ? '' : ' (warm-up, profiled)'}, ${formatCount(size)} records: sync ${formatMs(sync.message.ms)}, ` +
          `ceiling ${formatMs(ceiling.message.ms)}, peak RSS ${mb(sync.message.maxRssBytes)}`,
      );
      if (i === 0) hot = sync.message;
      if (!measured) continue;
      load.syncCpuMs.push(sync.message.cpuMs);
      load.ceilingCpuMs.push(ceiling.message.cpuMs);
      load.mocksDuringSyncCpuMs.push(syncWatch.mocksCpuMs);
      load.mocksDuringCeilingCpuMs.push(ceilingWatch.mocksCpuMs);
      load.crmStatementsPerRecordSync.push(syncWatch.statements / size);
      load.crmStatementsPerRecordCeiling.push(ceilingWatch.statements / size);
      load.crmWaitedDuringSyncMs.push(syncWatch.crmWaitedMs);
      load.crmWaitedDuringCeilingMs.push(ceilingWatch.crmWaitedMs);
      ceilingMs.push(ceiling.message.ms);
      syncMs.push(sync.message.ms);
      ratios.push(ceiling.message.ms / sync.message.ms);
      maxRss.push(sync.message.maxRssBytes);
      if (sync.message.memoryAtPeak) memoryAtPeak.push(sync.message.memoryAtPeak);
      if (sync.sampledPeakRssBytes !== null) sampledRss.push(sync.sampledPeakRssBytes);
    }
    const syncRates = syncMs.map((ms) => rate(records, ms));
    const ceilingRates = ceilingMs.map((ms) => rate(records, ms));
    const syncRate = summarize(syncRates);
    const ceilingRate = summarize(ceilingRates);
    const ratio = summarize(ratios).median;
    const spread = (s: { median: number; min: number; max: number }, n: number) =>
      n > 1 ? ` (${formatCount(s.min)}–${formatCount(s.max)}, n=${n})` : '';
    const peak = Math.max(...maxRss);
    const p1: BarResult = {
      id: 'P1',
      ...labels.P1,
      figure: `${formatCount(syncRate.median)} records/s${spread(syncRate, syncRates.length)}`,
      baseline: `raw ceiling ${formatCount(ceilingRate.median)} records/s${spread(ceilingRate, ceilingRates.length)}`,
      ratio,
      pass: syncRate.median >= 2000 && ratio >= 0.6,
      notes:
        `${formatCount(records)} ERP customers → CRM accounts, initial full sync (engine batch ${batchSize}, ` +
        `store on a SQLite file) in its own process, each mock app in a process of its own; ceiling = the same mapped records POSTed straight ` +
        `to mock-crm as multipart $batch creates of ${batchSize}, one request at a time, from another process; ` +
        `ratio = median of per-run sync rate ÷ ceiling rate; ${warmup} warm-up run of ${formatCount(warmupRecords)} (profiled) + ${repetitions} measured. ` +
        `CPU profile of the sync process: ${profileFile}; top self time: ${hotList(hot?.topFunctions, 6)}; ` +
        `by module: ${hotList(hot?.topModules, 5)}. ` +
        `Where the time goes (median of measured runs): sync run wall ${formatMs(summarize(syncMs).median)}, ` +
        `CPU of the sync process ${formatMs(summarize(load.syncCpuMs).median)}, of the two mock servers ` +
        `${formatMs(summarize(load.mocksDuringSyncCpuMs).median)}; raw run wall ${formatMs(summarize(ceilingMs).median)}, ` +
        `CPU of the poster ${formatMs(summarize(load.ceilingCpuMs).median)}, of the mocks ` +
        `${formatMs(summarize(load.mocksDuringCeilingCpuMs).median)}; the CRM mock ran ` +
        `${summarize(load.crmStatementsPerRecordSync).median.toFixed(1)} SQL statements per record during the sync ` +
        `and ${summarize(load.crmStatementsPerRecordCeiling).median.toFixed(1)} during the raw run. ` +
        waitedNote(load.crmWaitedDuringSyncMs, load.crmWaitedDuringCeilingMs) +
        Object.entries(mockHot)
          .map(
            ([label, m]) =>
              `CRM mock's process during the warm-up ${label} run (${m.file}): ` +
              `${hotList(m.functions, 5)}; by module: ${hotList(m.modules, 4)}.`,
          )
          .join(' '),
      raw: {
        records,
        batchSize,
        syncMs,
        ceilingMs,
        syncRates,
        ceilingRates,
        ratios,
        profile: profileFile,
        topFunctions: hot?.topFunctions ?? [],
        topModules: hot?.topModules ?? [],
        mockProfiles: mockHot,
        load,
      },
    };
    const p5: BarResult = {
      id: 'P5',
      ...labels.P5,
      figure: `${mb(peak)}`,
      baseline: '',
      ratio: peak / (300 * 1024 * 1024),
      pass: peak <= 300 * 1024 * 1024,
      notes:
        `peak resident set of the sync child process (engine + store + tsx loader, no mocks; ` +
        `Node flags of \`npm run server\`: ${serverNodeFlags(rootPackageJson).join(' ') || 'none'}) over the ` +
        `${repetitions} measured P1 run(s) of ${formatCount(records)} records: the child's own VmHWM (/proc/self/status; getrusage maxRSS of a forked child would include the harness's memory)` +
        (sampledRss.length
          ? `; /proc VmRSS sampled every 50 ms by the parent peaked at ${mb(Math.max(...sampledRss))}`
          : '') +
        (memoryAtPeak.length
          ? `; at the highest sampled RSS the child's memoryUsage was ` +
            memoryAtPeak
              .map(
                (m) =>
                  `rss ${mb(m.rss)} = JS heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}, ` +
                  `external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})`,
              )
              .join(' / ')
          : '') +
        '.',
      raw: { maxRssBytes: maxRss, sampledPeakRssBytes: sampledRss, memoryAtPeak },
    };
    return [p1, p5];
  } finally {
    await Promise.all([mocks.erp.stop(), mocks.crm.stop()]);
  }
}
