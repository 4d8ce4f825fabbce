/**
 * The process P1 measures, forked by p1-initial-sync.ts (never imported by the harness itself).
 * Mode `sync`: the sync engine on its own store runs the initial full sync of the customers
 * mapping against both mock servers. Mode `ceiling`: the same records (read from the ERP and
 * mapped like the engine maps them, untimed) posted straight to the CRM mock as `$batch` creates.
 * Reports one message to the parent and exits.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createErpClient } from '@twinsync/connectors';
import { createSyncEngine, defaultDomain } from '@twinsync/sync-engine';
import { createStore } from '@twinsync/sync-store';
import { profiled, topFunctions, topModules, type HotSpot } from '../profile';
import { peakRssBytes } from './child-process';

export interface ChildConfig {
  mode: 'sync' | 'ceiling';
  erpUrl: string;
  crmUrl: string;
  token: string;
  /** Records per engine batch and per raw `$batch` request. */
  batchSize: number;
  /** Write a .cpuprofile here (sync mode). */
  profilePath?: string;
}

export type ChildResult =
  | {
      ok: true;
      mode: 'sync' | 'ceiling';
      records: number;
      ms: number;
      /** Peak resident set of this process since it started (see peakRssBytes), bytes. */
      maxRssBytes: number;
      /** CPU time (user + system, all threads) this process used during the timed part, ms. */
      cpuMs: number;
      /** process.memoryUsage() at the highest RSS seen by sampling every 200 ms (sync mode). */
      memoryAtPeak?: NodeJS.MemoryUsage;
      counters?: Record<string, number>;
      status?: string;
      topFunctions?: HotSpot[];
      topModules?: HotSpot[];
    }
  | { ok: false; error: string };

const CRLF = '\r\n';

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** A multipart `$batch` of independent POST creates (Dataverse wire format). */
function multipartCreates(crmApi: string, entitySet: string, bodies: readonly object[]) {
  const boundary = `batch_${randomUUID()}`;
  const parts = bodies.map(
    (body) =>
      `--${boundary}${CRLF}Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}${CRLF}` +
      `POST ${crmApi}/${entitySet} HTTP/1.1${CRLF}Content-Type: application/json; type=entry${CRLF}${CRLF}` +
      `${JSON.stringify(body)}${CRLF}`,
  );
  return { boundary, body: `${parts.join('')}--${boundary}--${CRLF}` };
}

async function ceiling(config: ChildConfig): Promise<ChildResult> {
  const mapping = defaultDomain.mappings.find((m) => m.id === 'customers');
  if (!mapping) throw new Error('the engine domain has no customers mapping');
  const erp = createErpClient({ baseUrl: `${config.erpUrl}/api/v2.0`, token: config.token });
  const bodies: Record<string, unknown>[] = [];
  for await (const page of erp.list('customers')) {
    for (const raw of page) {
      const canonical = mapping.toCanonical('erp', raw);
      bodies.push(mapping.toRaw('crm', canonical, { forCreate: true, all: canonical }));
    }
  }
  const crmApi = `${config.crmUrl}/api/data/v9.2`;
  const headers = {
    authorization: `Bearer ${config.token}`,
    'OData-Version': '4.0',
    Prefer: 'odata.continue-on-error',
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  let created = 0;
  for (let i = 0; i < bodies.length; i += config.batchSize) {
    const batch = multipartCreates(crmApi, 'accounts', bodies.slice(i, i + config.batchSize));
    const res = await fetch(`${crmApi}/$batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': `multipart/mixed; boundary=${batch.boundary}` },
      body: batch.body,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`$batch answered ${res.status}: ${text.slice(0, 300)}`);
    created += text.match(/HTTP\/1\.1 20[14]/g)?.length ?? 0;
  }
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  if (created !== bodies.length)
    throw new Error(`the CRM accepted ${created} of ${bodies.length} raw creates`);
  return {
    ok: true,
    mode: 'ceiling',
    records: created,
    ms,
    cpuMs,
    maxRssBytes: peakRssBytes(),
  };
}

async function sync(config: ChildConfig): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'twinsync-bench-p1-'));
  const store = await createStore({ client: 'sqlite', filename: join(dir, 'store.sqlite') });
  const engine = createSyncEngine({
    store,
    erp: { url: config.erpUrl, token: config.token },
    crm: { url: config.crmUrl, token: config.token },
    batchSize: config.batchSize,
    scheduleIntervalMs: 24 * 3_600_000,
    // No scheduled run may start meanwhile: the first tick (after a minute) would sync the other
    // mappings (contacts, items) alongside the measured run.
    scheduleCheckMs: 24 * 3_600_000,
  });
  try {
    await engine.start();
    const run = () => engine.runSync({ mapping: 'customers', full: true, trigger: 'manual' });
    let memoryAtPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      if (now.rss > memoryAtPeak.rss) memoryAtPeak = now;
    }, 200);
    const started = performance.now();
    const cpu = process.cpuUsage();
    let result: Awaited<ReturnType<typeof run>>;
    let hot: { topFunctions: HotSpot[]; topModules: HotSpot[] } | null = null;
    if (config.profilePath) {
      const taken = await profiled(run);
      result = taken.result;
      writeFileSync(config.profilePath, JSON.stringify(taken.profile));
      hot = {
        topFunctions: topFunctions(taken.profile, 15),
        topModules: topModules(taken.profile),
      };
    } else {
      result = await run();
    }
    const ms = performance.now() - started;
    const cpuMs = cpuMsSince(cpu);
    clearInterval(sampler);
    if (result.status !== 'succeeded')
      throw new Error(`the sync job ended ${result.status}: ${result.error ?? ''}`);
    return {
      ok: true,
      mode: 'sync',
      records: result.counters['inserted'] ?? 0,
      ms,
      cpuMs,
      maxRssBytes: peakRssBytes(),
      memoryAtPeak,
      counters: { ...result.counters },
      status: result.status,
      ...(hot ?? {}),
    };
  } finally {
    await engine.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  let result: ChildResult;
  try {
    result = config.mode === 'ceiling' ? await ceiling(config) : await sync(config);
  } catch (error) {
    result = {
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  process.send?.(result, () => process.exit(0));
  if (!process.send) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
}

void main();
