import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { startMockCrm } from '@twinsync/mock-crm';
import { startMockErp, defaultCompanies } from '@twinsync/mock-erp';
import { tables, type Store } from '@twinsync/sync-store';
import { demoPasswords, login, startApiServer } from './harness/api-server';
import { liftedWindow } from './harness/two-apps';
import { trpcFuzzCases } from './fuzz/trpc-requests';
import { listProcedures } from './procedures';
import { emptyTally, record, type FuzzCase, type FuzzTally } from './fuzz/common';
import { crmFuzzCases, type CrmFuzzContext } from './fuzz/crm-requests';
import { erpFuzzCases, type ErpFuzzContext } from './fuzz/erp-requests';
import { mapLimit, sendRaw } from './http';

export interface FuzzOutcome {
  target: string;
  tally: FuzzTally;
  /** The server still answered a plain request after the run. */
  alive: boolean;
  /** The data (ids, etags, change counters) was the same before and after. */
  unchanged: boolean;
  /** What differed, when something did. */
  differences: string[];
}

export interface FuzzOptions {
  requests: number;
  seed: number;
  concurrency?: number;
}

/** Looks inside a JSON `$batch` answer: a 5xx or an accepted write among the operations counts too. */
function checkBatchReply(tally: FuzzTally, c: FuzzCase, text: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  const responses = (parsed as { responses?: unknown }).responses;
  if (!Array.isArray(responses)) return;
  const ops = (() => {
    try {
      const body = JSON.parse(c.body ?? '') as { requests?: { id?: unknown; method?: unknown }[] };
      return Array.isArray(body.requests) ? body.requests : [];
    } catch {
      return [];
    }
  })();
  for (const r of responses as { id?: unknown; status?: unknown; body?: unknown }[]) {
    const status = typeof r.status === 'number' ? r.status : 0;
    const op = ops.find((o) => o && typeof o === 'object' && String(o.id) === String(r.id));
    const method = typeof op?.method === 'string' ? op.method.toUpperCase() : '?';
    if (status >= 500) {
      tally.serverErrors.push({
        kind: `${c.kind} (operation)`,
        method,
        path: c.path,
        status,
        body: JSON.stringify(r).slice(0, 300),
      });
    } else if (status >= 200 && status < 300 && method !== 'GET') {
      tally.acceptedMutations.push({ kind: `${c.kind} (operation)`, method, path: c.path, status });
    }
  }
}

async function erpSnapshot(url: string, token: string, companyId: string) {
  const out: Record<string, { id: string; etag: string }[]> = {};
  for (const set of ['customers', 'contacts', 'items'] as const) {
    const response = await fetch(
      `${url}/api/v2.0/companies(${companyId})/${set}?$select=id,number,displayName`,
      { headers: { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=20000' } },
    );
    if (response.status !== 200) throw new Error(`snapshot of ${set}: HTTP ${response.status}`);
    const body = (await response.json()) as { value: Record<string, unknown>[] };
    out[set] = body.value
      .map((r) => ({ id: String(r['id']), etag: String(r['@odata.etag']) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
  return out as ErpFuzzContext['records'];
}

function diffSnapshots(before: unknown, after: unknown, label: string): string[] {
  const a = JSON.stringify(before);
  const b = JSON.stringify(after);
  return a === b ? [] : [`${label}: ${a.slice(0, 200)} → ${b.slice(0, 200)}`];
}

/** R4 against the Business Central mock on a real loopback port. */
export async function fuzzErp(options: FuzzOptions): Promise<FuzzOutcome> {
  const token = 'chaos-token';
  const running = await startMockErp({
    port: 0,
    token,
    webhookDelayMs: 60_000,
    limits: liftedWindow,
  });
  try {
    const companyId = defaultCompanies[0].id;
    await running.app.controls.seed(20, options.seed);
    const before = await erpSnapshot(running.url, token, companyId);
    const changesBefore = { ...running.app.controls.counters().changes };
    const cases = fc.sample(erpFuzzCases({ token, companyId, records: before }), {
      numRuns: options.requests,
      seed: options.seed,
    });
    const tally = emptyTally();
    await mapLimit(cases, options.concurrency ?? 4, async (c) => {
      const reply = await sendRaw(running.url, c);
      record(tally, c, reply.status, reply.text);
      if (c.kind === 'bad $batch' && reply.status === 200) checkBatchReply(tally, c, reply.text);
    });
    const alive =
      (
        await sendRaw(running.url, {
          method: 'GET',
          path: '/api/v2.0/companies',
          headers: { authorization: `Bearer ${token}` },
        })
      ).status === 200;
    const after = await erpSnapshot(running.url, token, companyId);
    const differences = [
      ...diffSnapshots(before, after, 'records'),
      ...diffSnapshots(changesBefore, running.app.controls.counters().changes, 'change counters'),
    ];
    return { target: 'mock-erp', tally, alive, unchanged: differences.length === 0, differences };
  } finally {
    await running.close();
  }
}

/**
 * Every table of the store except sessions and login attempts (logging in writes those by design)
 * and audit entries of refused actions (recording attempts is what the audit log is for).
 */
export async function storeSnapshot(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of Object.values(tables)) {
    if (table === tables.sessions || table === tables.loginAttempts) continue;
    const query = store.knex(table).select('*');
    if (table === tables.audit) void query.whereNot('outcome', 'failed');
    const rows = await query;
    const lines = rows.map((r) => JSON.stringify(r)).sort();
    out[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
  }
  return out;
}

/** R4 against the tRPC API of the real sync server (real store and engine), logged in as admin. */
export async function fuzzApi(options: FuzzOptions): Promise<FuzzOutcome> {
  const server = await startApiServer();
  try {
    const session = await login(server.url, 'admin', demoPasswords.admin);
    const headers = { cookie: session.cookie, 'x-twinsync-csrf': session.csrf };
    await server.engine.idle();
    const before = await storeSnapshot(server.store);
    const cases = fc.sample(trpcFuzzCases({ procedures: listProcedures(), headers }), {
      numRuns: options.requests,
      seed: options.seed,
    });
    const tally = emptyTally();
    await mapLimit(cases, options.concurrency ?? 4, async (c) => {
      const reply = await sendRaw(server.url, c);
      record(tally, c, reply.status, reply.text);
    });
    const health = await sendRaw(server.url, { method: 'GET', path: '/healthz' });
    const me = await sendRaw(server.url, {
      method: 'GET',
      path: '/trpc/auth.me',
      headers,
    });
    const alive = health.status === 200 && me.status === 200 && me.text.includes('"admin"');
    await server.engine.idle();
    const after = await storeSnapshot(server.store);
    const differences = Object.keys(before)
      .filter((table) => before[table] !== after[table])
      .map((table) => `${table}: ${before[table]} → ${after[table]}`);
    return { target: 'tRPC API', tally, alive, unchanged: differences.length === 0, differences };
  } finally {
    await server.close();
  }
}

async function crmSnapshot(url: string, token: string) {
  const out: Record<string, { id: string; etag: string }[]> = {};
  const keys = { accounts: 'accountid', contacts: 'contactid', products: 'productid' } as const;
  for (const set of ['accounts', 'contacts', 'products'] as const) {
    const response = await fetch(`${url}/api/data/v9.2/${set}?$select=${keys[set]}`, {
      headers: { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=5000' },
    });
    if (response.status !== 200) throw new Error(`snapshot of ${set}: HTTP ${response.status}`);
    const body = (await response.json()) as { value: Record<string, unknown>[] };
    out[set] = body.value
      .map((r) => ({ id: String(r[keys[set]]), etag: String(r['@odata.etag']) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
  return out as CrmFuzzContext['records'];
}

/** R4 against the Dataverse mock on a real loopback port. */
export async function fuzzCrm(options: FuzzOptions): Promise<FuzzOutcome> {
  const token = 'chaos-token';
  const running = await startMockCrm({ port: 0, token, limits: liftedWindow });
  const url = running.url.replace(/\/+$/, '');
  try {
    await running.app.controls.seed(20, options.seed);
    const before = await crmSnapshot(url, token);
    const changesBefore = { ...running.app.controls.counters().changes };
    const cases = fc.sample(crmFuzzCases({ token, records: before }), {
      numRuns: options.requests,
      seed: options.seed,
    });
    const tally = emptyTally();
    await mapLimit(cases, options.concurrency ?? 4, async (c) => {
      const reply = await sendRaw(url, c);
      record(tally, c, reply.status, reply.text);
      if (c.kind === 'bad $batch' && reply.status === 200 && /HTTP\/1\.1 5\d\d/.test(reply.text)) {
        tally.serverErrors.push({
          kind: `${c.kind} (part)`,
          method: c.method,
          path: c.path,
          status: 500,
          body: reply.text.slice(0, 300),
        });
      }
    });
    const alive =
      (
        await sendRaw(url, {
          method: 'GET',
          path: '/api/data/v9.2/accounts?$top=1',
          headers: { authorization: `Bearer ${token}` },
        })
      ).status === 200;
    const after = await crmSnapshot(url, token);
    const differences = [
      ...diffSnapshots(before, after, 'records'),
      ...diffSnapshots(changesBefore, running.app.controls.counters().changes, 'change counters'),
    ];
    return { target: 'mock-crm', tally, alive, unchanged: differences.length === 0, differences };
  } finally {
    await running.close();
  }
}
