import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createFakeEngine } from '@twinsync/sync-api/testing';
import { createLogger, startSyncServer } from '@twinsync/sync-server';
import { createStore, type RaiseError, type Store } from '@twinsync/sync-store';
import { launchChromium } from '../harness/chromium';
import { errorRows, logIn } from '../harness/portal';
import { requirePortalBuild } from '../stack/portal-dist';

/**
 * P4, the portal half: how long after a navigation the first page of the errors list is visible,
 * with `errors` open errors in a real store (SQLite file) behind the real sync server, measured
 * inside Chromium from the navigation start (`performance.now()` when the first row is added).
 */
export interface FirstPageResult {
  errors: number;
  /** One per navigation, in ms from navigation start to the first error row in the DOM. */
  samplesMs: number[];
  p50Ms: number;
  maxMs: number;
  seedMs: number;
}

const kinds = ['validation', 'conflict', 'deleted', 'throttled', 'transport'] as const;

function errorInput(n: number, start: number): RaiseError {
  const kind = kinds[n % kinds.length] ?? 'validation';
  return {
    mappingId: n % 3 === 0 ? 'items' : 'customers',
    erpId: `erp-${n}`,
    crmId: `crm-${n}`,
    recordNumber: `C${String(n).padStart(6, '0')}`,
    recordName: `Customer ${n}`,
    kind,
    state: kind === 'conflict' ? 'conflict' : kind === 'deleted' ? 'deleted-in-crm' : 'failed',
    direction: n % 2 === 0 ? 'erp-to-crm' : 'crm-to-erp',
    message: `${kind} problem number ${n}`,
    at: new Date(start + n * 1000).toISOString(),
  };
}

export async function seedForBench(store: Store, count: number): Promise<void> {
  for (const id of ['customers', 'items']) {
    await store.mappings.upsert({
      id,
      name: id === 'customers' ? 'Customers ↔ Accounts' : 'Items ↔ Products',
      erpEntity: id,
      crmEntity: id === 'customers' ? 'accounts' : 'products',
    });
  }
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  for (let i = 0; i < count; i += 5000) {
    const inputs: RaiseError[] = [];
    for (let n = i; n < Math.min(count, i + 5000); n++) inputs.push(errorInput(n, start));
    await store.errors.raiseMany(inputs);
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

export async function measurePortalFirstPage(options: {
  errors: number;
  runs: number;
}): Promise<FirstPageResult> {
  const portalDir = requirePortalBuild();
  const dir = await mkdtemp(path.join(tmpdir(), 'twinsync-e2e-p4-'));
  const store = await createStore({ client: 'sqlite', filename: path.join(dir, 'store.sqlite') });
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  let server: Awaited<ReturnType<typeof startSyncServer>> | null = null;
  const browser = await launchChromium();
  try {
    const seedStart = performance.now();
    await seedForBench(store, options.errors);
    const seedMs = performance.now() - seedStart;
    server = await startSyncServer({
      store,
      engine: createFakeEngine(),
      logger: createLogger({ level: 'warn' }, quiet),
      port: 0,
      seedUsers: true,
      bcryptRounds: 4,
      portalDir,
    });
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    // Records when the first error row enters the DOM, in ms since the navigation started.
    // (Browser code as text: this project is typed for Node, not for the DOM.)
    await page.addInitScript({
      content: `new MutationObserver((_m, observer) => {
        if (document.querySelector('[data-test="errors-table"] tbody tr[data-p-index]')) {
          window.firstRowAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });`,
    });
    await logIn(page, server.url, 'viewer');
    await errorRows(page).first().waitFor();
    const samplesMs: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      // Each navigation starts on an idle server: the previous page's counts, mapping list and
      // live stream have finished (they share the one SQLite connection with the next page).
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500);
      const profileTo = run === options.runs - 1 ? process.env['P4_PROFILE'] : undefined;
      const cdp = profileTo ? await page.context().newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      await page.goto(`${server.url}/`);
      await errorRows(page).first().waitFor();
      if (cdp && profileTo) {
        const { profile } = await cdp.send('Profiler.stop');
        await writeFile(profileTo, JSON.stringify(profile));
        await cdp.detach();
      }
      const at = await page.evaluate<number | null>('window.firstRowAt ?? null');
      if (at === null) throw new Error('the first row appeared without being observed');
      samplesMs.push(at);
      if (process.env['P4_TRACE']) {
        const entries = await page.evaluate<string[]>(
          `performance.getEntriesByType('resource').map((e) =>
            e.name.slice(-90) + ' start ' + e.startTime.toFixed(0) + ' end ' + e.responseEnd.toFixed(0))`,
        );
        console.error(`run ${run}: first row at ${at.toFixed(0)} ms\n  ${entries.join('\n  ')}`);
      }
    }
    // Let the last page's counts and live stream finish before the store closes under them.
    await page.waitForTimeout(2000);
    return {
      errors: options.errors,
      samplesMs,
      p50Ms: percentile(samplesMs, 50),
      maxMs: Math.max(...samplesMs),
      seedMs,
    };
  } finally {
    await browser.close();
    await server?.close(200);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `npx tsx apps/e2e/src/bench/portal-first-page.ts [errors] [runs]` prints the result as JSON;
 * with P4_TRACE=1 it also prints the resource timings of every navigation, and with
 * P4_PROFILE=file.cpuprofile it saves Chromium's CPU profile of the page during the last one.
 */
if (
  process.argv[1] &&
  import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href
) {
  const errors = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.argv[3] ?? 5);
  if (!Number.isInteger(errors) || errors < 1 || !Number.isInteger(runs) || runs < 1) {
    console.error('usage: portal-first-page.ts [errors ≥ 1] [runs ≥ 1]');
    process.exit(2);
  }
  measurePortalFirstPage({ errors, runs }).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
