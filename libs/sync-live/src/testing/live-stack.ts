import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  createCrmClient,
  createErpClient,
  type CrmClient,
  type ErpClient,
} from '@twinsync/connectors';
import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { createSyncEngine, type TwinSyncEngine } from '@twinsync/sync-engine';
import { createStore, type Store } from '@twinsync/sync-store';
import express, { type Router } from 'express';
import { createLiveSync, type LiveSync, type LiveSyncOptions } from '../live-sync';

export interface LiveStackOptions {
  /** How long the ERP mock collects changes before it posts them (default 100 ms). */
  webhookDelayMs?: number;
  /** Delivery retries of the ERP mock after a failed post (default 5). */
  webhookRetries?: number;
  webhookRetryBaseMs?: number;
  /** Above this many changes in one delivery the ERP sends one `collection` notice. */
  webhookCollectionThreshold?: number;
  /** SQLite file of the store (default ':memory:'). */
  storeFile?: string;
  /** A store to use instead (on PostgreSQL the engine uses the pg-boss queue); the caller closes it. */
  store?: Store;
  live?: Partial<Omit<LiveSyncOptions, 'store' | 'engine' | 'erp' | 'crm' | 'publicUrl'>>;
}

export interface LiveStack {
  erp: RunningMockErp;
  crm: RunningMockCrm;
  erpClient: ErpClient;
  crmClient: CrmClient;
  store: Store;
  engine: TwinSyncEngine;
  live: LiveSync;
  /** The receiver's origin (an express server on a loopback port). */
  receiverUrl: string;
  close(): Promise<void>;
}

const quickRetry = {
  retry: { minDelayMs: 1, maxDelayMs: 20, retries: 12 },
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5))),
};

async function listen(router: () => Router): Promise<{ url: string; server: Server }> {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => router()(req, res, next));
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (error?: Error) => {
      if (error) reject(error);
      else resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server });
    });
  });
}

/**
 * The real system on loopback ports chosen by the OS: the ERP mock (webhooks on) and the CRM mock,
 * a store, the engine (no scheduler: only live sync triggers syncs) and live sync with its receiver
 * mounted on an express server. Live sync is created but not started.
 */
export async function startLiveStack(options: LiveStackOptions = {}): Promise<LiveStack> {
  const erp = await startMockErp({
    port: 0,
    token: 'erp-token',
    webhookDelayMs: options.webhookDelayMs ?? 100,
    webhookRetries: options.webhookRetries ?? 5,
    webhookRetryBaseMs: options.webhookRetryBaseMs ?? 200,
    ...(options.webhookCollectionThreshold === undefined
      ? {}
      : { webhookCollectionThreshold: options.webhookCollectionThreshold }),
  });
  const crm = await startMockCrm({ port: 0, token: 'crm-token' });
  const store =
    options.store ??
    (await createStore({ client: 'sqlite', filename: options.storeFile ?? ':memory:' }));
  const erpClient = createErpClient({
    baseUrl: `${erp.url}/api/v2.0`,
    token: 'erp-token',
    ...quickRetry,
  });
  const crmClient = createCrmClient({
    baseUrl: `${crm.url}/api/data/v9.2`,
    token: 'crm-token',
    ...quickRetry,
  });
  const engine = createSyncEngine({
    store,
    erp: erpClient,
    crm: crmClient,
    batchSize: 100,
  });
  let router: Router = express.Router();
  const receiver = await listen(() => router);
  const live = createLiveSync({
    store,
    engine,
    erp: erpClient,
    crm: crmClient,
    publicUrl: receiver.url,
    pollIntervalMs: 200,
    dispatchIntervalMs: 100,
    debounceMs: 300,
    reconcileIntervalMs: 1000,
    retryDelayMs: 500,
    ...options.live,
  });
  router = live.router();
  return {
    erp,
    crm,
    erpClient,
    crmClient,
    store,
    engine,
    live,
    receiverUrl: receiver.url,
    async close() {
      await live.stop();
      await engine.close();
      await new Promise<void>((resolve) => {
        receiver.server.close(() => resolve());
        receiver.server.closeAllConnections();
      });
      await Promise.all([erp.close(), crm.close()]);
      if (!options.store) await store.close();
    },
  };
}

/** Polls `check` every `everyMs` until it returns a value other than undefined; bounded. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
