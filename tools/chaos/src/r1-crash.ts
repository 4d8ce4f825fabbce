import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStore } from '@twinsync/sync-store';
import { checkConsistency, startTwoApps, type Consistency } from './harness/two-apps';

export interface CrashOptions {
  /** Records seeded before the first (big) sync: half ERP customers, half CRM accounts. */
  records: number;
  /** Trials: each is a sync killed with SIGKILL at a random moment, then restarted to the end. */
  trials: number;
  /** User changes between trials (edits in both apps plus new records in both). */
  changesPerTrial: number;
  seed: number;
  batchSize?: number;
  /** Stop starting new trials after this long (the result says how many ran). */
  budgetMs?: number;
  /** Called after each trial (the CLI logs progress). */
  onTrial?: (trial: TrialResult) => void;
}

export interface TrialResult {
  trial: number;
  /** What the kill hit: `after batch N (+d ms)`, or that the sync finished first. */
  killedAt: string;
  killed: boolean;
  restarts: number;
  converged: boolean;
  problems: string[];
}

export interface CrashOutcome {
  trials: TrialResult[];
  converged: number;
  kills: number;
  final: Consistency | null;
  /** User edits checked for survival, all trials together. */
  editsChecked: number;
}

interface WorkerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  batches: number;
  done: boolean;
  stderr: string;
}

const workerPath = fileURLToPath(new URL('./r1-worker.ts', import.meta.url));

/** Runs the worker; kills it with SIGKILL once it reported `killAfterBatches` batches (+ delay). */
function runWorker(
  env: Record<string, string>,
  kill: { afterBatches: number; delayMs: number } | null,
  timeoutMs: number,
): Promise<WorkerRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let batches = 0;
    let done = false;
    let stderr = '';
    let armed = false;
    let buffer = '';
    const arm = () => {
      if (armed || !kill) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        if (line.includes('"ready"') && kill?.afterBatches === 0) arm();
        if (line.includes('"progress"')) {
          batches += 1;
          if (kill && batches >= kill.afterBatches) arm();
        }
        if (line.includes('"done"')) done = true;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, batches, done, stderr });
    });
  });
}

function problemsOf(c: Consistency, expected: number): string[] {
  const p: string[] = [];
  if (c.duplicateErpNumbers.length)
    p.push(`ERP duplicates: ${c.duplicateErpNumbers.slice(0, 5).join(', ')}`);
  if (c.duplicateCrmNumbers.length)
    p.push(`CRM duplicates: ${c.duplicateCrmNumbers.slice(0, 5).join(', ')}`);
  if (c.brokenCouplings.length)
    p.push(`broken couplings: ${c.brokenCouplings.slice(0, 3).join('; ')}`);
  if (c.uncoupled.length)
    p.push(`uncoupled records: ${c.uncoupled.length} (${c.uncoupled.slice(0, 3).join(', ')})`);
  if (c.mismatches.length)
    p.push(`field mismatches: ${c.mismatches.length} (${c.mismatches.slice(0, 3).join('; ')})`);
  if (c.openErrors) p.push(`open errors: ${c.openErrors} (${c.errorSamples.join(' | ')})`);
  if (c.erpRecords !== expected || c.crmRecords !== expected || c.coupled !== expected) {
    p.push(
      `counts: expected ${expected} each, ERP ${c.erpRecords}, CRM ${c.crmRecords}, coupled ${c.coupled}`,
    );
  }
  return p;
}

/**
 * R1: a sync in a child process killed with SIGKILL at seeded random moments, restarted until it
 * finishes; after each trial both apps and the store must agree — no duplicates, no lost update,
 * every coupling consistent, record counts adding up.
 */
export async function runCrashes(options: CrashOptions): Promise<CrashOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'twinsync-chaos-r1-'));
  const apps = await startTwoApps();
  const dbFile = join(dir, 'store.sqlite');
  const env = {
    CHAOS_ERP_URL: apps.erp.url,
    CHAOS_CRM_URL: apps.crm.url,
    CHAOS_DB: dbFile,
    CHAOS_BATCH: String(options.batchSize ?? 100),
  };
  const started = Date.now();
  const trials: TrialResult[] = [];
  let final: Consistency | null = null;
  const random = mulberry32(options.seed);
  const rng = Array.from(
    { length: options.trials },
    () => [random(), random(), Math.floor(random() * 61)] as const,
  );
  // The store's schema is created once, before any worker can be killed mid-migration.
  await (await createStore({ client: 'sqlite', filename: dbFile })).close();
  try {
    const half = Math.floor(options.records / 2);
    await apps.erp.app.controls.seed(half, options.seed);
    await apps.crm.app.controls.seed(options.records - half, options.seed + 1);
    const distinctNow = async () => {
      const store = await storeOf(dbFile);
      try {
        return (await checkConsistency({ erp: apps.erp.url, crm: apps.crm.url }, store)).distinct;
      } finally {
        await store.close();
      }
    };
    let editsChecked = 0;
    let expectedEdits: { side: 'erp' | 'crm'; id: string; field: string; value: string }[] = [];
    for (let t = 0; t < options.trials; t++) {
      if (options.budgetMs && Date.now() - started > options.budgetMs) break;
      const [mode, fraction, jitterMs] = rng[t] ?? [0.5, 0.5, 0];
      if (t > 0) expectedEdits = await userChanges(apps, dbFile, options.changesPerTrial, t);
      const expected = await distinctNow();
      const pending = t === 0 ? options.records : options.changesPerTrial;
      const expectedBatches = Math.max(1, Math.ceil(pending / (options.batchSize ?? 100)));
      // One kill in seven lands while the worker starts and reads (up to 1.5 s after it is up);
      // the others right after a seeded batch (+ up to 60 ms, inside the next one).
      const duringStart = mode < 1 / 7;
      const afterBatches = duringStart ? 0 : 1 + Math.floor(fraction * expectedBatches);
      const delayMs = duringStart ? Math.round(fraction * 1500) : jitterMs;
      const first = await runWorker(env, { afterBatches, delayMs }, 300_000);
      const killed = first.signal === 'SIGKILL' && !first.done;
      let restarts = 0;
      let last = first;
      while (!last.done && restarts < 5) {
        restarts += 1;
        last = await runWorker(env, null, 600_000);
      }
      const problems: string[] = [];
      if (!last.done)
        problems.push(`the worker never finished: exit ${last.code} ${last.stderr.slice(-500)}`);
      const store = await storeOf(dbFile);
      try {
        final = await checkConsistency({ erp: apps.erp.url, crm: apps.crm.url }, store);
      } finally {
        await store.close();
      }
      problems.push(...problemsOf(final, expected));
      problems.push(...(await lostEdits(apps, expectedEdits)));
      editsChecked += expectedEdits.length;
      trials.push({
        trial: t + 1,
        killedAt: !killed
          ? 'not killed: the sync finished first'
          : duringStart
            ? `${delayMs} ms after the worker was up (${first.batches} batches done)`
            : `after batch ${afterBatches} +${delayMs} ms (${first.batches} batches done)`,
        killed,
        restarts,
        converged: problems.length === 0,
        problems,
      });
      options.onTrial?.(trials.at(-1)!);
    }
    return {
      trials,
      converged: trials.filter((t) => t.converged).length,
      kills: trials.filter((t) => t.killed).length,
      final,
      editsChecked,
    };
  } finally {
    await apps.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function storeOf(dbFile: string) {
  return createStore({ client: 'sqlite', filename: dbFile });
}

/** Edits in both apps (disjoint records, so no conflict) and new records in both. */
async function userChanges(
  apps: Awaited<ReturnType<typeof startTwoApps>>,
  dbFile: string,
  count: number,
  trial: number,
) {
  const store = await storeOf(dbFile);
  const couplings = [];
  try {
    let cursor: string | null = null;
    for (let i = 0; i < 1000 && couplings.length < count; i++) {
      const page = await store.couplings.list({ limit: 500, ...(cursor ? { cursor } : {}) });
      couplings.push(...page.items.filter((_, j) => (j + trial) % 3 === 0));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
  } finally {
    await store.close();
  }
  const edits: { side: 'erp' | 'crm'; id: string; field: string; value: string }[] = [];
  const editCount = Math.floor(count * 0.8);
  for (const [i, c] of couplings.slice(0, editCount).entries()) {
    if (!c.erpId || !c.crmId) continue;
    if (i % 2 === 0) {
      const value = `+1 ${trial} ${i}`;
      await apps.erp.app.controls.editAsUser('customers', c.erpId, { phoneNumber: value });
      edits.push({ side: 'erp', id: c.erpId, field: 'phoneNumber', value });
    } else {
      const value = `+46 ${trial} ${i}`;
      await apps.crm.app.controls.editAsUser('accounts', c.crmId, { telephone1: value });
      edits.push({ side: 'crm', id: c.crmId, field: 'telephone1', value });
    }
  }
  const creates = count - editCount;
  const companyId = (await apps.erp.app.companies())[0]?.id ?? '';
  for (let i = 0; i < creates; i++) {
    const name = `Trial ${trial} new ${i}`;
    const [url, token, body] =
      i % 2 === 0
        ? [
            `${apps.erp.url}/api/v2.0/companies(${companyId})/customers`,
            'chaos-erp-token',
            { displayName: name, number: `T${trial}N${i}` },
          ]
        : [
            `${apps.crm.url}/api/data/v9.2/accounts`,
            'chaos-crm-token',
            { name, accountnumber: `T${trial}M${i}` },
          ];
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) {
      throw new Error(`a user create failed: HTTP ${response.status} ${await response.text()}`);
    }
  }
  return edits;
}

/** User edits whose value is no longer in the app they were made in (silently overwritten). */
async function lostEdits(
  apps: Awaited<ReturnType<typeof startTwoApps>>,
  edits: readonly { side: 'erp' | 'crm'; id: string; field: string; value: string }[],
): Promise<string[]> {
  if (edits.length === 0) return [];
  const lost: string[] = [];
  const read = async (side: 'erp' | 'crm', id: string) => {
    const url =
      side === 'erp'
        ? `${apps.erp.url}/api/v2.0/companies(${(await apps.erp.app.companies())[0]?.id})/customers(${id})`
        : `${apps.crm.url}/api/data/v9.2/accounts(${id})`;
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${side === 'erp' ? 'chaos-erp-token' : 'chaos-crm-token'}`,
      },
    });
    if (response.status !== 200) {
      throw new Error(`reading ${side} ${id}: HTTP ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as Record<string, unknown>;
  };
  for (const e of edits) {
    const record = await read(e.side, e.id);
    if (record[e.field] !== e.value)
      lost.push(`${e.side} ${e.id} ${e.field}: ${String(record[e.field])} ≠ ${e.value}`);
  }
  return lost.length ? [`lost user edits: ${lost.length} (${lost.slice(0, 3).join('; ')})`] : [];
}

/** A small seeded PRNG (uniform in [0, 1)), so kill moments are reproducible from the seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
