import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@twinsync/sync-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoScenario, type DemoRunResult } from './run-demo';
import { crmApi, erpApi, erpCompanyId } from './seed';
import { startDemoSystem, type DemoSystem } from './system';

/**
 * The whole demo on a small seed: both mocks, the store (SQLite files in a temp folder), the
 * engine and the sync server, all in this process on ephemeral ports.
 */
const customers = 40;
let dataDir: string;
let system: DemoSystem;
let result: DemoRunResult;
const lines: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'twinsync-demo-'));
  system = await startDemoSystem({
    dataDir,
    serverPort: 0,
    crmPort: 0,
    erpPort: 0,
    bcryptRounds: 4,
    portalDir: path.join(dataDir, 'no-portal'),
    logLevel: 'silent',
  });
  result = await runDemoScenario(system, {
    seed: { customers, seed: 7 },
    burstEdits: 8,
    onProgress: (line) => lines.push(line),
  });
}, 240_000);

afterAll(async () => {
  await system?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function caseOf(kind: string) {
  const found = result.problems.cases.find((c) => c.kind === kind);
  if (!found) throw new Error(`the scenario has no ${kind} case`);
  return found;
}

async function openErrorOf(kind: string) {
  const c = caseOf(kind);
  const page = await system.store.errors.list({ limit: 10, filter: { search: c.erpId } });
  return page.items;
}

describe('the seeded demo scenario across both mock apps', () => {
  it('runs the initial sync of every mapping without duplicating the records that already matched', async () => {
    expect(result.initialSync.map((j) => [j.mappingId, j.status])).toEqual([
      ['customers', 'succeeded'],
      ['contacts', 'succeeded'],
      ['items', 'succeeded'],
    ]);
    expect(result.seeded.crm.matchingAccounts).toBeGreaterThan(0);
    expect(result.initialSync[0]?.counters.coupled).toBeGreaterThanOrEqual(
      result.seeded.crm.matchingAccounts,
    );
    // One ERP customer and one CRM account were deleted by the scenario afterwards.
    const expected = customers + result.seeded.crm.crmOnlyAccounts - 1;
    const company = await erpCompanyId(system.apps.erp);
    const erp = await system.apps.erp.getAll(
      `${erpApi}/companies(${company})/customers?$select=id`,
    );
    const crm = await system.apps.crm.getAll(`${crmApi}/accounts?$select=accountid`);
    expect(erp).toHaveLength(expected);
    expect(crm).toHaveLength(expected);
  });

  it('leaves the name changed differently in both apps as an open conflict', async () => {
    const [error] = await openErrorOf('conflict');
    expect(error).toMatchObject({ kind: 'conflict', state: 'conflict' });
  });

  it('reports the customer deleted in the ERP and the account deleted in the CRM', async () => {
    expect((await openErrorOf('deleted-in-erp'))[0]?.state).toBe('deleted-in-erp');
    expect((await openErrorOf('deleted-in-crm'))[0]?.state).toBe('deleted-in-crm');
  });

  it('records the e-mail address the ERP rejected as invalid data, not yet Skipped', async () => {
    const [error] = await openErrorOf('invalid');
    expect(error).toMatchObject({ kind: 'validation', state: 'failed' });
    expect(error?.message).toMatch(/email/i);
  });

  it('merges the phone changed in the ERP with the website changed in the CRM, without an error', async () => {
    expect(await openErrorOf('merge')).toEqual([]);
    const merge = caseOf('merge');
    const company = await erpCompanyId(system.apps.erp);
    const erp = await system.apps.erp.get<{ website: string; phoneNumber: string }>(
      `${erpApi}/companies(${company})/customers(${merge.erpId})`,
    );
    const crm = await system.apps.crm.get<{ websiteurl: string; telephone1: string }>(
      `${crmApi}/accounts(${merge.crmId})`,
    );
    expect(erp.website).toBe(crm.websiteurl);
    expect(crm.telephone1).toBe(erp.phoneNumber);
    expect(crm.telephone1).toBe('+1 425 555 0100');
  });

  it('rides out the throttling burst: the apps answered 429, every edit arrived, nothing is Skipped', async () => {
    expect(result.throttling.erp429).toBeGreaterThanOrEqual(3);
    expect(result.throttling.crm429).toBeGreaterThanOrEqual(3);
    expect(result.problems.burstEdits).toHaveLength(8);
    expect(result.throttling.missing).toEqual([]);
    expect(result.skipped).toBe(0);
    const skipped = await system.store.couplings.list({ limit: 10, skipped: true });
    expect(skipped.items).toEqual([]);
    expect(result.errors.byKind['throttled'] ?? 0).toBe(0);
    expect(result.errors.byState['skipped'] ?? 0).toBe(0);
  });

  it('shows exactly the four expected problems to a logged-in user of the API', async () => {
    const { trpc } = apiClient();
    await trpc.auth.login.mutate({ username: 'viewer', password: 'viewer-demo-pass' });
    const page = await trpc.errors.list.query({ limit: 50 });
    const numbers = page.items.map((e) => e.recordNumber).sort();
    expect(numbers).toEqual(expectedErrorNumbers());
  });

  it('paused the schedule while it played, and resumed every mapping afterwards', async () => {
    const mappings = await system.store.mappings.list();
    expect(mappings.map((m) => [m.id, m.paused]).sort()).toEqual([
      ['contacts', false],
      ['customers', false],
      ['items', false],
    ]);
    const scheduled = await system.store.jobs.list({ trigger: 'scheduled', limit: 10 });
    expect(scheduled.items).toEqual([]);
  });

  it('printed a progress line for every step', () => {
    const text = lines.join('\n');
    for (const step of ['Seeding', 'Initial sync', 'scenario', 'throttle', 'open errors']) {
      expect(text).toContain(step);
    }
  });

  // From here on the tests change the state the tests above read.
  it('marks the four problems Skipped at the first scheduled run, since each error repeats', async () => {
    await system.engine.tick();
    await system.engine.idle();
    const scheduled = await system.store.jobs.list({ trigger: 'scheduled', limit: 10 });
    expect(scheduled.items.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const open = await system.store.errors.list({ limit: 50 });
    expect(open.items.map((e) => [e.recordNumber, e.state, e.occurrences]).sort()).toEqual(
      expectedErrorNumbers().map((n) => [n, 'skipped', 2]),
    );
  });

  it('lets an operator resolve each Skipped problem through the API the portal uses', async () => {
    const { trpc, session } = apiClient();
    const me = await trpc.auth.login.mutate({
      username: 'operator',
      password: 'operator-demo-pass',
    });
    session.csrf = me.csrfToken;
    const page = await trpc.errors.list.query({ limit: 50 });
    const errorId = (kind: string) => {
      const found = page.items.find((e) => e.recordNumber === caseOf(kind).customerNumber);
      if (!found) throw new Error(`no open error for the ${kind} case`);
      return found.id;
    };
    const company = await erpCompanyId(system.apps.erp);
    const erpCustomer = (id: string) =>
      system.apps.erp
        .get<{ displayName: string; email: string }>(
          `${erpApi}/companies(${company})/customers(${id})`,
        )
        .catch(() => null);

    const conflict = caseOf('conflict');
    const synced = await trpc.actions.synchronize.mutate({
      target: { by: 'errors', errorIds: [errorId('conflict')] },
      choice: { winner: 'crm' },
    });
    expect(synced.succeeded).toBe(1);
    expect((await erpCustomer(conflict.erpId))?.displayName).toBe(`${conflict.customerName} (CRM)`);

    const restored = await trpc.actions.restore.mutate({
      target: { by: 'errors', errorIds: [errorId('deleted-in-erp')] },
    });
    expect(restored.succeeded).toBe(1);
    const restoredNumber = caseOf('deleted-in-erp').customerNumber;
    const again = await system.apps.erp.get<{ value: unknown[] }>(
      `${erpApi}/companies(${company})/customers?$filter=number eq '${restoredNumber}'`,
    );
    expect(again.value).toHaveLength(1);

    const deleted = await trpc.actions.delete.mutate({
      target: { by: 'errors', errorIds: [errorId('deleted-in-crm')] },
    });
    expect(deleted.succeeded).toBe(1);
    expect(await erpCustomer(caseOf('deleted-in-crm').erpId)).toBeNull();

    // Invalid data, from the portal alone: the ERP's (valid) e-mail address wins in both apps.
    const invalid = caseOf('invalid');
    const erpEmail = (await erpCustomer(invalid.erpId))?.email;
    expect(erpEmail).toMatch(/@/);
    const fixed = await trpc.actions.synchronize.mutate({
      target: { by: 'errors', errorIds: [errorId('invalid')] },
      choice: { winner: 'erp' },
    });
    expect(fixed.succeeded).toBe(1);
    const account = await system.apps.crm.get<{ emailaddress1: string }>(
      `${crmApi}/accounts(${invalid.crmId})`,
    );
    expect(account.emailaddress1).toBe(erpEmail);

    expect((await trpc.errors.list.query({ limit: 50 })).items).toEqual([]);
  });
});

function expectedErrorNumbers(): string[] {
  return result.problems.cases
    .filter((c) => c.expectError)
    .map((c) => c.customerNumber)
    .sort();
}

/** A tRPC client that keeps the session cookie like a browser and sends the session's CSRF token. */
function apiClient() {
  const session = { cookie: '', csrf: 'login' };
  const trpc = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${system.serverUrl}/trpc`,
        headers: () => ({
          'x-twinsync-csrf': session.csrf,
          ...(session.cookie ? { cookie: session.cookie } : {}),
        }),
        fetch: async (url, init) => {
          const response = await fetch(String(url), init as RequestInit);
          const setCookie = response.headers.get('set-cookie');
          if (setCookie) session.cookie = setCookie.split(';')[0] ?? '';
          return response;
        },
      }),
    ],
  });
  return { trpc, session };
}
