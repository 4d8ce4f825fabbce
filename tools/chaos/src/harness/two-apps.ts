import { createCrmClient, createErpClient, type ConnectorEvent } from '@twinsync/connectors';
import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import {
  createCrmApp,
  createErpApp,
  createSyncEngine,
  type SyncEngineOptions,
} from '@twinsync/sync-engine';
import type { Store } from '@twinsync/sync-store';

export const erpToken = 'chaos-erp-token';
export const crmToken = 'chaos-crm-token';

/**
 * The 6000-requests-per-5-minutes window of both services is lifted (the long runs and their
 * read-backs exceed it; R2 injects throttling on purpose instead). Concurrency limits stay.
 */
export const liftedWindow = { requestsPerWindow: 1_000_000_000 };

export interface TwoApps {
  erp: RunningMockErp;
  crm: RunningMockCrm;
  close(): Promise<void>;
}

/** Both mocks on random loopback ports; with file databases they survive a restart of the test. */
export async function startTwoApps(
  options: {
    erpDb?: string;
    crmDb?: string;
    /** Each app's own source of fault draws: its faults then depend on its own requests only. */
    random?: { erp: () => number; crm: () => number };
  } = {},
): Promise<TwoApps> {
  const erp = await startMockErp({
    port: 0,
    token: erpToken,
    webhookDelayMs: 600_000,
    limits: liftedWindow,
    ...(options.random ? { random: options.random.erp } : {}),
    ...(options.erpDb ? { db: options.erpDb } : {}),
  });
  try {
    const crm = await startMockCrm({
      port: 0,
      token: crmToken,
      limits: liftedWindow,
      ...(options.random ? { random: options.random.crm } : {}),
      ...(options.crmDb ? { db: options.crmDb } : {}),
    });
    return {
      erp,
      crm,
      async close() {
        await Promise.all([erp.close(), crm.close()]);
      },
    };
  } catch (error) {
    await erp.close();
    throw error;
  }
}

export interface ClientTuning {
  /** Wait at most this long per retry (Retry-After included); default: honour it fully. */
  maxSleepMs?: number;
  /** Sees every connector event (retries, throttling) of both clients. */
  onEvent?: (side: 'erp' | 'crm', event: ConnectorEvent) => void;
  retries?: number;
  /** Smaller pages and batches mean more requests (more chances for a fault). */
  pageSize?: number;
  batchLimit?: number;
}

/** The engine's two app ports over HTTP through the real connectors. */
export function appsOver(urls: { erp: string; crm: string }, tuning: ClientTuning = {}) {
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, tuning.maxSleepMs ?? ms)));
  const retry = { minDelayMs: 5, maxDelayMs: 200, retries: tuning.retries ?? 12 };
  const erpClient = createErpClient({
    baseUrl: `${urls.erp.replace(/\/+$/, '')}/api/v2.0`,
    token: erpToken,
    retry,
    sleep,
    timeoutMs: 20_000,
    ...(tuning.pageSize ? { pageSize: tuning.pageSize } : {}),
    onEvent: (e) => tuning.onEvent?.('erp', e),
  });
  const crmClient = createCrmClient({
    baseUrl: `${urls.crm.replace(/\/+$/, '')}/api/data/v9.2`,
    token: crmToken,
    retry,
    sleep,
    timeoutMs: 20_000,
    ...(tuning.pageSize ? { pageSize: tuning.pageSize } : {}),
    onEvent: (e) => tuning.onEvent?.('crm', e),
  });
  const batch = tuning.batchLimit ? { batchLimit: tuning.batchLimit } : {};
  return {
    erp: createErpApp(erpClient, batch),
    crm: createCrmApp(crmClient, batch),
    erpClient,
    crmClient,
  };
}

export function engineOver(
  store: Store,
  urls: { erp: string; crm: string },
  tuning: ClientTuning = {},
  extra: Partial<SyncEngineOptions> = {},
) {
  const apps = appsOver(urls, tuning);
  return createSyncEngine({
    store,
    erp: apps.erp,
    crm: apps.crm,
    batchSize: 200,
    scheduleIntervalMs: 24 * 60 * 60 * 1000,
    ...extra,
  });
}

type Row = Record<string, unknown>;
const str = (v: unknown) =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);

/** Field pairs of the customers ↔ accounts mapping compared after a sync. */
export const comparedFields: readonly [string, string][] = [
  ['number', 'accountnumber'],
  ['displayName', 'name'],
  ['email', 'emailaddress1'],
  ['phoneNumber', 'telephone1'],
  ['city', 'address1_city'],
];

export interface Consistency {
  erpRecords: number;
  crmRecords: number;
  couplings: number;
  coupled: number;
  duplicateErpNumbers: string[];
  duplicateCrmNumbers: string[];
  /** Coupling rows naming a record that does not exist (or two couplings sharing one record). */
  brokenCouplings: string[];
  /** Records of either app with no coupling. */
  uncoupled: string[];
  /** Coupled pairs whose compared fields differ. */
  mismatches: string[];
  openErrors: number;
  /** Kind and message of a few open errors. */
  errorSamples: string[];
  skipped: number;
  /** Records of both apps counted once when a number appears in both (the total a sync should reach). */
  distinct: number;
}

/** Reads both apps and the store and checks that they agree. */
export async function checkConsistency(
  urls: { erp: string; crm: string },
  store: Store,
): Promise<Consistency> {
  const { erpClient, crmClient } = appsOver(urls, { maxSleepMs: 5 });
  const customers: Row[] = [];
  for await (const page of erpClient.list('customers')) customers.push(...(page as Row[]));
  const accounts: Row[] = [];
  for await (const page of crmClient.list('accounts')) accounts.push(...(page as Row[]));
  const couplings = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const page = await store.couplings.list({
      limit: 500,
      mappingId: 'customers',
      ...(cursor ? { cursor } : {}),
    });
    couplings.push(...page.items);
    cursor = page.nextCursor ?? null;
    if (!cursor) break;
  }
  const dupes = (values: string[]) => {
    const seen = new Set<string>();
    const out = new Set<string>();
    for (const v of values) (seen.has(v) ? out : seen).add(v);
    return [...out];
  };
  const erpById = new Map(customers.map((c) => [str(c['id']), c]));
  const crmById = new Map(accounts.map((a) => [str(a['accountid']), a]));
  const brokenCouplings: string[] = [];
  const mismatches: string[] = [];
  const usedErp = new Set<string>();
  const usedCrm = new Set<string>();
  for (const c of couplings) {
    if (c.state === 'removed' || c.state === 'deleted') continue;
    const e = c.erpId ? erpById.get(c.erpId) : undefined;
    const a = c.crmId ? crmById.get(c.crmId) : undefined;
    if (!e || !a || usedErp.has(c.erpId ?? '') || usedCrm.has(c.crmId ?? '')) {
      brokenCouplings.push(
        `${c.id} (${c.state}): erp ${c.erpId ?? '-'} ${e ? 'ok' : 'missing'}, crm ${c.crmId ?? '-'} ${a ? 'ok' : 'missing'}`,
      );
      continue;
    }
    usedErp.add(c.erpId ?? '');
    usedCrm.add(c.crmId ?? '');
    for (const [ef, cf] of comparedFields) {
      if (str(e[ef]) !== str(a[cf])) {
        mismatches.push(
          `${str(e['number'])}: ${ef}=${str(e[ef]).slice(0, 40)} vs ${cf}=${str(a[cf]).slice(0, 40)}`,
        );
      }
    }
  }
  const uncoupled = [
    ...customers.filter((c) => !usedErp.has(str(c['id']))).map((c) => `erp ${str(c['number'])}`),
    ...accounts
      .filter((a) => !usedCrm.has(str(a['accountid'])))
      .map((a) => `crm ${str(a['accountnumber'])}`),
  ];
  const counts = await store.errors.counts({ mappingId: 'customers' });
  const erpNumbers = new Set(customers.map((c) => str(c['number'])).filter(Boolean));
  const shared = new Set(
    accounts.map((a) => str(a['accountnumber'])).filter((n) => erpNumbers.has(n)),
  ).size;
  return {
    erpRecords: customers.length,
    crmRecords: accounts.length,
    couplings: couplings.length,
    coupled: couplings.filter((c) => c.state === 'coupled').length,
    duplicateErpNumbers: dupes(customers.map((c) => str(c['number']))),
    duplicateCrmNumbers: dupes(accounts.map((a) => str(a['accountnumber']))),
    brokenCouplings,
    uncoupled,
    mismatches,
    openErrors: counts.total,
    errorSamples: (
      await store.errors.list({ limit: 3, filter: { mappingId: 'customers' } })
    ).items.map((e) => `${e.kind}: ${e.message}`.slice(0, 300)),
    skipped: couplings.filter((c) => c.skipped).length,
    distinct: customers.length + accounts.length - shared,
  };
}
