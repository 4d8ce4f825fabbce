import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLiveStack } from './live-stack';

export interface LatencyBenchOptions {
  /** Edits measured (half in each app). Default 300. */
  edits?: number;
  /** Time between two edits. Default 150 ms (about 6.7 edits/s). */
  intervalMs?: number;
  /** Coupled customers the edits rotate over (half edited in each app). Default 60. */
  records?: number;
  /** The ERP mock's webhook batching delay. Default 1000 ms (the mock's own default). */
  webhookDelayMs?: number;
  /** Live sync's CRM delta polling. Default 3000 ms (live sync's default). */
  pollIntervalMs?: number;
  /** Longest wait for the last counterparts after the last edit. Default 30 s. */
  drainMs?: number;
  log?: (line: string) => void;
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LatencyBenchResult {
  edits: number;
  /** Edits whose counterpart never showed them within the drain time. */
  missing: number;
  /** Edits overtaken by a later edit of the same record before their counterpart showed them. */
  superseded: number;
  all: LatencySummary;
  erpToCrm: LatencySummary;
  crmToErp: LatencySummary;
  recordJobs: number;
  incrementalJobs: number;
  durationMs: number;
}

function summary(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0
      ? NaN
      : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return {
    count: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: sorted.at(-1) ?? NaN,
  };
}

interface Pending {
  value: string;
  at: number;
  side: 'erp' | 'crm';
  erpId: string;
  crmId: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * P7: latency from an edit in one app to the updated counterpart in the other, embedded mode,
 * steady state. Both mocks, a SQLite store file, the engine and live sync with its receiver run
 * in this process on loopback ports. Coupled customers are edited at a steady rate (half in the
 * ERP, half in the CRM, a unique name each time); every 100 ms the counterparts of the pending
 * edits are read in one batched call per app, and an edit's latency is the time until its value
 * shows on the other side.
 */
export async function benchLatency(options: LatencyBenchOptions = {}): Promise<LatencyBenchResult> {
  const edits = options.edits ?? 300;
  const intervalMs = options.intervalMs ?? 150;
  const records = Math.max(2, options.records ?? 60);
  const drainMs = options.drainMs ?? 30_000;
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'twinsync-p7-'));
  const s = await startLiveStack({
    storeFile: join(dir, 'store.sqlite'),
    webhookDelayMs: options.webhookDelayMs ?? 1000,
    webhookRetryBaseMs: 1000,
    live: {
      pollIntervalMs: options.pollIntervalMs ?? 3000,
      dispatchIntervalMs: 200,
      debounceMs: 500,
      reconcileIntervalMs: 5000,
      retryDelayMs: 5000,
    },
  });
  try {
    await s.erp.app.controls.seed(records, 42);
    const first = await s.engine.runSync({ mapping: 'customers' });
    log(`seeded and synced ${first.counters.inserted} customers`);
    const pairs = (
      await s.store.couplings.list({ mappingId: 'customers', limit: records })
    ).items.flatMap((c) => (c.erpId && c.crmId ? [{ erpId: c.erpId, crmId: c.crmId }] : []));
    await s.store.mappings.update('customers', { mode: 'live' }, 'bench');
    await s.live.start();
    await s.engine.idle();
    await sleep(1000);

    const pending = new Map<string, Pending>();
    const latencies: { side: 'erp' | 'crm'; ms: number }[] = [];
    let superseded = 0;
    let editing = true;
    let drainUntil = Infinity;

    const checker = (async () => {
      while (editing || pending.size > 0) {
        await sleep(100);
        const list = [...pending.values()];
        const fromErp = list.filter((p) => p.side === 'erp');
        const fromCrm = list.filter((p) => p.side === 'crm');
        const [crmRecords, erpRecords] = await Promise.all([
          fromErp.length
            ? s.engine.apps.crm.getMany(
                'accounts',
                fromErp.map((p) => p.crmId),
              )
            : new Map(),
          fromCrm.length
            ? s.engine.apps.erp.getMany(
                'customers',
                fromCrm.map((p) => p.erpId),
              )
            : new Map(),
        ]);
        const now = performance.now();
        for (const p of fromErp) {
          if (crmRecords.get(p.crmId)?.raw['name'] === p.value) {
            latencies.push({ side: 'erp', ms: now - p.at });
            pending.delete(p.erpId);
          }
        }
        for (const p of fromCrm) {
          if (erpRecords.get(p.erpId)?.raw['displayName'] === p.value) {
            latencies.push({ side: 'crm', ms: now - p.at });
            pending.delete(p.erpId);
          }
        }
        if (!editing && performance.now() > drainUntil) break;
      }
    })();

    const started = performance.now();
    for (let i = 0; i < edits; i += 1) {
      const pair = pairs[i % pairs.length]!;
      // Records of the first half are edited in the ERP, the others in the CRM.
      const side: 'erp' | 'crm' = pairs.indexOf(pair) < pairs.length / 2 ? 'erp' : 'crm';
      const value = `P7 ${side} edit ${i}`;
      if (pending.has(pair.erpId)) superseded += 1;
      const at = performance.now();
      pending.set(pair.erpId, { value, at, side, ...pair });
      if (side === 'erp') {
        await s.erp.app.controls.editAsUser('customers', pair.erpId, { displayName: value });
      } else {
        await s.crm.app.controls.editAsUser('accounts', pair.crmId, { name: value });
      }
      if ((i + 1) % 50 === 0) log(`${i + 1}/${edits} edits, ${pending.size} pending`);
      await sleep(Math.max(0, intervalMs - (performance.now() - at)));
    }
    drainUntil = performance.now() + drainMs;
    editing = false;
    await checker;
    const durationMs = performance.now() - started;
    const status = await s.live.status();
    const customers = status.mappings.find((m) => m.mappingId === 'customers');
    return {
      edits,
      missing: pending.size,
      superseded,
      all: summary(latencies.map((l) => l.ms)),
      erpToCrm: summary(latencies.filter((l) => l.side === 'erp').map((l) => l.ms)),
      crmToErp: summary(latencies.filter((l) => l.side === 'crm').map((l) => l.ms)),
      recordJobs: customers?.recordSyncs ?? 0,
      incrementalJobs: customers?.incrementalJobs ?? 0,
      durationMs,
    };
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
