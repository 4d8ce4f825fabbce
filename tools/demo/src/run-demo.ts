import type { ErrorCounts, Store } from '@twinsync/sync-store';
import type { JobResult, TwinSyncEngine } from '@twinsync/sync-engine';
import {
  answered429,
  missingBurstEdits,
  provokeProblems,
  withThrottlingBurst,
  type BurstEdit,
  type ProvokedProblems,
} from './scenario';
import { seedDemoData, type DemoSeed, type ScenarioApps, type SeedSummary } from './seed';

/**
 * The whole demo story on a running system: seed both apps, run the initial sync of every
 * mapping, provoke the problems, then one reconcile run under a throttling burst. `npm start`
 * prints its progress lines; the integration test and the e2e tests check its result.
 */
export interface DemoTarget {
  apps: ScenarioApps;
  engine: Pick<TwinSyncEngine, 'runSync' | 'subscribe'>;
  store: Store;
}

export interface DemoRunOptions {
  seed: DemoSeed;
  /** ERP edits carried over during the throttling burst (default 20, fewer for small seeds). */
  burstEdits?: number;
  /** One line per step and about one per second while a sync runs. */
  onProgress?: (line: string) => void;
  /** Milliseconds between progress lines of a running job (default 1000). */
  progressIntervalMs?: number;
}

export interface ThrottlingReport {
  /** 429 answers the two apps gave during the burst. */
  erp429: number;
  crm429: number;
  /** Burst edits that did not reach the CRM (should be none). */
  missing: BurstEdit[];
}

export interface DemoRunResult {
  seeded: SeedSummary;
  initialSync: JobResult[];
  problems: ProvokedProblems;
  scenarioSync: JobResult;
  throttling: ThrottlingReport;
  errors: ErrorCounts;
  /** Couplings flagged Skipped after the scenario (should be none). */
  skipped: number;
}

export const demoMappings = ['customers', 'contacts', 'items'] as const;

function describeCounters(counters: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counters)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to do';
}

async function runWithProgress(
  target: DemoTarget,
  label: string,
  request: Parameters<TwinSyncEngine['runSync']>[0],
  options: DemoRunOptions,
): Promise<JobResult> {
  const say = options.onProgress ?? (() => undefined);
  const every = options.progressIntervalMs ?? 1000;
  let last = 0;
  const unsubscribe = target.engine.subscribe((event) => {
    if (event.type !== 'jobProgress' || event.mappingId !== request.mapping) return;
    if (event.state !== 'running' || event.processed === 0) return;
    const now = event.at.getTime();
    if (now - last < every) return;
    last = now;
    say(`  ${label}: ${event.processed} records so far (${describeCounters(event.counters)})`);
  });
  try {
    const result = await target.engine.runSync(request);
    if (result.status !== 'succeeded') {
      throw new Error(`${label} ended ${result.status}: ${result.error ?? 'no reason given'}`);
    }
    say(
      `  ${label}: done in ${((result.durationMs ?? 0) / 1000).toFixed(1)} s — ${describeCounters(result.counters)}`,
    );
    return result;
  } finally {
    unsubscribe();
  }
}

const pauseReason =
  'The demo is seeding both apps and playing its scenario; the schedule resumes when it is done.';

/**
 * Runs `work` with the demo's mappings paused for the scheduler, so that no scheduled run slips in
 * between the scenario's edits and its own sync (a second run would repeat the invalid-data error
 * and mark the record Skipped). Manual runs are not affected by a pause.
 */
async function withSchedulePaused<T>(store: Store, work: () => Promise<T>): Promise<T> {
  const paused: string[] = [];
  for (const id of demoMappings) {
    const mapping = await store.mappings.get(id);
    if (!mapping || mapping.paused) continue;
    await store.mappings.pause(id, pauseReason, 'demo');
    paused.push(id);
  }
  try {
    return await work();
  } finally {
    for (const id of paused) await store.mappings.resume(id, 'demo').catch(() => undefined);
  }
}

export function runDemoScenario(target: DemoTarget, options: DemoRunOptions) {
  return withSchedulePaused(target.store, () => playScenario(target, options));
}

async function playScenario(target: DemoTarget, options: DemoRunOptions): Promise<DemoRunResult> {
  const say = options.onProgress ?? (() => undefined);
  const { apps } = target;

  say(`Seeding both apps (${options.seed.customers} customers, seed ${options.seed.seed})…`);
  const seeded = await seedDemoData(apps, options.seed);
  say(
    `  ERP: ${seeded.erp.customers} customers, ${seeded.erp.contacts} contacts, ${seeded.erp.items} items`,
  );
  say(
    `  CRM: ${seeded.crm.matchingAccounts} accounts, ${seeded.crm.matchingContacts} contacts and ${seeded.crm.matchingProducts} products that match ERP records (to be coupled, not duplicated); ${seeded.crm.crmOnlyAccounts} accounts and ${seeded.crm.crmOnlyProducts} products only in the CRM`,
  );

  say('Initial sync (creates what is missing on either side, couples matching records)…');
  const initialSync: JobResult[] = [];
  for (const mapping of demoMappings) {
    initialSync.push(
      await runWithProgress(
        target,
        `initial sync of ${mapping}`,
        { mapping, full: true, trigger: 'manual', requestedBy: 'demo' },
        options,
      ),
    );
  }

  say('Playing the scenario: other users edit and delete records in both apps…');
  const burstEdits = options.burstEdits ?? Math.min(20, Math.floor(options.seed.customers / 5));
  const problems = await provokeProblems(apps, { burstEdits });
  for (const c of problems.cases)
    say(`  ${c.kind}: ${c.customerNumber} ${c.customerName} — ${c.what}`);

  say('Syncing customers while both apps throttle (429 + Retry-After)…');
  const before = { erp: await answered429(apps.erp), crm: await answered429(apps.crm) };
  const scenarioSync = await withThrottlingBurst(apps, () =>
    runWithProgress(
      target,
      'sync of customers under throttling',
      { mapping: 'customers', full: true, trigger: 'manual', requestedBy: 'demo' },
      options,
    ),
  );
  const throttling: ThrottlingReport = {
    erp429: (await answered429(apps.erp)) - before.erp,
    crm429: (await answered429(apps.crm)) - before.crm,
    missing: await missingBurstEdits(apps, problems.burstEdits),
  };
  say(
    `  the apps answered 429 ${throttling.erp429 + throttling.crm429} times (ERP ${throttling.erp429}, CRM ${throttling.crm429}); ${problems.burstEdits.length - throttling.missing.length} of ${problems.burstEdits.length} ERP edits reached the CRM`,
  );

  const errors = await target.store.errors.counts();
  const skipped = (await target.store.couplings.list({ limit: 1000, skipped: true })).items.length;
  say(
    `  open errors: ${errors.total} (${describeCounters(errors.byState)}); Skipped records: ${skipped}`,
  );
  return { seeded, initialSync, problems, scenarioSync, throttling, errors, skipped };
}
