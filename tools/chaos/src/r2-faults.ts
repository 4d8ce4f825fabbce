import { createStore } from '@twinsync/sync-store';
import { mulberry32 } from './r1-crash';
import { checkConsistency, engineOver, startTwoApps, type Consistency } from './harness/two-apps';

export interface FaultsOptions {
  /** ERP customers and CRM accounts seeded (each). */
  records: number;
  seed: number;
  /** Cap on each wait asked by Retry-After/backoff (the quick version shortens the 1 s waits). */
  maxSleepMs?: number;
  maxRuns?: number;
}

export interface FaultsOutcome {
  runs: number;
  /** User edits made (half in each app) between the first convergence and the last runs. */
  edits: number;
  /** Faults the mocks injected, by kind, both apps together. */
  injected: { '429': number; '503': number; drop: number };
  /** Retries the connectors made, and how many of them waited for a Retry-After. */
  retries: number;
  retryAfterWaits: number;
  /** Records that failed in any run (counter `failed` summed). */
  failedInRuns: number;
  /** Couplings marked Skipped at any point (after each run). */
  skippedSeen: number;
  final: Consistency;
}

const faults = {
  rate429: 0.1,
  retryAfterSeconds: 1,
  rate503: 0.05,
  rateDrop: 0.02,
  latencyMs: [0, 15] as [number, number],
};

/**
 * R2: both mocks inject 10 % 429 (Retry-After 1 s), 5 % 503, 2 % dropped connections and latency
 * while the engine syncs; runs until one run has nothing left to do, then checks with faults off.
 */
export async function runFaults(options: FaultsOptions): Promise<FaultsOutcome> {
  // Seeded fault draws, one sequence per app: each app's faults follow its own requests, not the
  // order in which the two apps' requests happen to interleave (one shared sequence drew no drop
  // at all in one CI run). Math.random could draw no drop at all.
  const apps = await startTwoApps({
    random: { erp: mulberry32(options.seed), crm: mulberry32(options.seed + 7919) },
  });
  const store = await createStore({ client: 'sqlite', filename: ':memory:' });
  let retries = 0;
  let retryAfterWaits = 0;
  const engine = engineOver(
    store,
    { erp: apps.erp.url, crm: apps.crm.url },
    {
      ...(options.maxSleepMs === undefined ? {} : { maxSleepMs: options.maxSleepMs }),
      retries: 20,
      pageSize: 25,
      batchLimit: 10,
      onEvent: (_side, e) => {
        if (e.type === 'retry') retries += 1;
        if (e.type === 'throttled' && e.retryAfterMs !== undefined) retryAfterWaits += 1;
      },
    },
    { batchSize: 20 },
  );
  try {
    await apps.erp.app.controls.seed(options.records, options.seed);
    await apps.crm.app.controls.seed(options.records, options.seed + 1);
    apps.erp.app.controls.setFaults(faults);
    apps.crm.app.controls.setFaults(faults);
    let runs = 0;
    let failedInRuns = 0;
    let skippedSeen = 0;
    const untilQuiet = async () => {
      for (let i = 0; i < (options.maxRuns ?? 6); i++) {
        runs += 1;
        const result = await engine.runSync({ mapping: 'customers' });
        failedInRuns += result.counters['failed'] ?? 0;
        skippedSeen += (await store.couplings.list({ limit: 1, skipped: true })).items.length;
        const quiet =
          result.status === 'succeeded' &&
          (result.counters['failed'] ?? 0) === 0 &&
          (result.counters['inserted'] ?? 0) === 0 &&
          (result.counters['modified'] ?? 0) === 0;
        if (quiet) return;
      }
    };
    await untilQuiet();
    let edits = 0;
    // Then users edit a tenth of the records in each app, still under faults.
    const couplings = (await store.couplings.list({ limit: 500 })).items;
    const step = Math.max(1, Math.floor(couplings.length / Math.max(1, options.records / 10)));
    for (let i = 0; i < couplings.length; i += step) {
      const c = couplings[i];
      if (!c?.erpId || !c.crmId) continue;
      edits += 1;
      if ((i / step) % 2 === 0) {
        await apps.erp.app.controls.editAsUser('customers', c.erpId, {
          phoneNumber: `+1 555 ${i}`,
        });
      } else {
        await apps.crm.app.controls.editAsUser('accounts', c.crmId, { telephone1: `+46 8 ${i}` });
      }
    }
    await untilQuiet();
    apps.erp.app.controls.setFaults({ rate429: 0, rate503: 0, rateDrop: 0, latencyMs: [0, 0] });
    apps.crm.app.controls.setFaults({ rate429: 0, rate503: 0, rateDrop: 0, latencyMs: [0, 0] });
    const e = apps.erp.app.controls.counters().faults;
    const c = apps.crm.app.controls.counters() as unknown as { faults?: Record<string, number> };
    const injected = {
      '429': e['429'] + (c.faults?.['429'] ?? 0),
      '503': e['503'] + (c.faults?.['503'] ?? 0),
      drop: e.drop + (c.faults?.['drop'] ?? 0),
    };
    const final = await checkConsistency({ erp: apps.erp.url, crm: apps.crm.url }, store);
    return { runs, edits, injected, retries, retryAfterWaits, failedInRuns, skippedSeen, final };
  } finally {
    await engine.close();
    await store.close();
    await apps.close();
  }
}
