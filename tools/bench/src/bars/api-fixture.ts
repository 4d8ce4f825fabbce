import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appRouter,
  createCallerFactory,
  defaultApiSettings,
  type ApiContext,
  type ApiDeps,
  type EngineEvent,
  type Role,
} from '@twinsync/sync-api';
import { createSyncEngine } from '@twinsync/sync-engine';
import { createMemoryApp, type MemoryApp } from '@twinsync/sync-engine/testing';
import { createStore, type CouplingInput, type RaiseError, type Store } from '@twinsync/sync-store';

const createCaller = createCallerFactory(appRouter);

/** A real store in a fresh SQLite file (the embedded mode), removed by `close()`. */
export async function tempSqliteStore(
  label: string,
): Promise<{ store: Store; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `twinsync-bench-${label}-`));
  const store = await createStore({ client: 'sqlite', filename: join(dir, 'store.sqlite') });
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiFixture {
  store: Store;
  erp: MemoryApp;
  crm: MemoryApp;
  engine: ReturnType<typeof createSyncEngine>;
  /** A tRPC caller (createCaller) acting as a signed-in user of this role. */
  callerAs(role: Role): ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

/**
 * The tRPC router on the real store (a fresh SQLite file, or `opened`, which `close()` closes)
 * and the real engine. The engine's apps are the engine's in-memory apps: the bars measured here
 * are about the API, engine and store.
 */
export async function startApiFixture(
  label: string,
  opened?: { store: Store; close(): Promise<void> },
): Promise<ApiFixture> {
  const temp = opened ?? (await tempSqliteStore(label));
  const { store } = temp;
  const erp = createMemoryApp('erp', { pageSize: 1000 });
  const crm = createMemoryApp('crm', { key: 'accountid', pageSize: 1000 });
  const engine = createSyncEngine({
    store,
    erp,
    crm,
    scheduleIntervalMs: 24 * 3_600_000,
    scheduleCheckMs: 24 * 3_600_000,
  });
  await engine.start();
  let token = 0;
  const listeners = new Set<(event: EngineEvent) => void>();
  // The API's own events (retry and dismiss announce closed errors); a plain fan-out here.
  const events = {
    emit: (event: EngineEvent) => listeners.forEach((l) => l(event)),
    subscribe(listener: (event: EngineEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  const deps: ApiDeps = Object.assign(
    {
      store,
      engine,
      clock: () => new Date(),
      logger: { info() {}, warn() {}, error() {} },
      randomToken: () => `bench-token-${++token}`,
      settings: { ...defaultApiSettings },
    },
    { events },
  );
  const contextAs = (role: Role): ApiContext => ({
    deps,
    session: {
      id: `bench-session-${role}`,
      user: { id: `bench-user-${role}`, username: `bench-${role}`, role },
      csrfToken: `bench-csrf-${role}`,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
    csrfHeader: `bench-csrf-${role}`,
    clientIp: '127.0.0.1',
    cookies: { set() {}, clear() {} },
  });
  return {
    store,
    erp,
    crm,
    engine,
    callerAs: (role) => createCaller(contextAs(role)),
    async close() {
      await engine.close();
      await temp.close();
    },
  };
}

const kinds = ['validation', 'conflict', 'transport', 'deleted', 'unknown'] as const;
const stateOf = {
  validation: 'failed',
  conflict: 'conflict',
  transport: 'skipped',
  deleted: 'deleted-in-crm',
  unknown: 'failed',
} as const;
const mappingIds = ['customers', 'contacts', 'items'] as const;

/** Deterministic error number `n` (a mix of mappings, kinds and states, spread over 30 days). */
export function errorInput(n: number, couplingId: string | null, start: number): RaiseError {
  const kind = kinds[n % kinds.length]!;
  return {
    mappingId: mappingIds[n % 7 < 4 ? 0 : n % 7 < 6 ? 1 : 2],
    couplingId,
    erpId: couplingId ? null : `erp-${n}`,
    recordNumber: `C${String(n).padStart(6, '0')}`,
    recordName: `Customer ${n} ${['Adatum', 'Fabrikam', 'Contoso', 'Litware'][n % 4]}`,
    kind,
    state: stateOf[kind],
    direction: n % 2 ? 'erp-to-crm' : 'crm-to-erp',
    message: `${kind} problem number ${n}: field value rejected`,
    details: { field: 'email', n },
    at: new Date(start + n * 26_000).toISOString(),
  };
}

/** Raises `count` open errors in chunks (the store's bulk statement), returns their ids. */
export async function seedErrors(
  store: Store,
  count: number,
  couplingIds: readonly string[] | null = null,
): Promise<string[]> {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const ids: string[] = [];
  const chunk = 5000;
  for (let i = 0; i < count; i += chunk) {
    const inputs: RaiseError[] = [];
    for (let n = i; n < Math.min(count, i + chunk); n++)
      inputs.push(errorInput(n, couplingIds ? (couplingIds[n] ?? null) : null, start));
    ids.push(...(await store.errors.raiseMany(inputs)).map((e) => e.id));
  }
  return ids;
}

/** Couplings of the customers mapping in bulk (upsertMany in chunks); returns them in input order. */
export async function seedCouplings(
  store: Store,
  inputs: readonly CouplingInput[],
): Promise<string[]> {
  const ids: string[] = [];
  const chunk = 5000;
  for (let i = 0; i < inputs.length; i += chunk) {
    ids.push(...(await store.couplings.upsertMany(inputs.slice(i, i + chunk))).map((c) => c.id));
  }
  return ids;
}
