import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { startMockErp } from '@twinsync/mock-erp';
import { startMockCrm } from '@twinsync/mock-crm';
import type { Store } from '@twinsync/sync-store';
import type { TwinSyncEngine } from '@twinsync/sync-engine';
import { startTwinSyncServer } from '@twinsync/sync-server';
import { mockAppClient } from './mock-apps';
import type { ScenarioApps } from './seed';

/**
 * Everything the demo runs, in one process: mock-erp, mock-crm, the sync store (SQLite files in
 * `dataDir`), the engine with its in-process queue and scheduler, and the sync server serving the
 * portal. Ports may be 0 (tests); `close()` stops all of it in reverse order.
 */
export interface DemoSystemOptions {
  dataDir: string;
  serverPort: number;
  crmPort: number;
  erpPort: number;
  host?: string;
  erpToken?: string;
  crmToken?: string;
  /** Folder of the built portal (default: apps/portal/dist, not served when missing). */
  portalDir?: string;
  /** Log level of the sync server (default 'warn': the demo prints its own progress lines). */
  logLevel?: string;
  logger?: Logger;
  /** bcrypt cost of the demo users (tests use 4). */
  bcryptRounds?: number;
  /** One scheduled-sync interval for every mapping (default: each mapping's own schedule, 30 min). */
  scheduleIntervalMs?: number;
}

export interface DemoSystem {
  apps: ScenarioApps;
  erpUrl: string;
  crmUrl: string;
  serverUrl: string;
  store: Store;
  engine: TwinSyncEngine;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly what: string,
    readonly port: number,
    readonly hint: string,
  ) {
    super(`${what} cannot listen on port ${port}: it is already in use. ${hint}`);
    this.name = 'PortInUseError';
  }
}

function portError(error: unknown, what: string, port: number, hint: string): unknown {
  return (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE'
    ? new PortInUseError(what, port, hint)
    : error;
}

export const demoFiles = {
  erp: 'erp.sqlite',
  crm: 'crm.sqlite',
  store: 'twinsync.sqlite',
} as const;

/** Removes the demo's data files (the SQLite databases and their WAL files). */
export function removeDemoData(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

export async function startDemoSystem(options: DemoSystemOptions): Promise<DemoSystem> {
  const host = options.host ?? '127.0.0.1';
  const erpToken = options.erpToken ?? 'dev-token';
  const crmToken = options.crmToken ?? 'dev-token';
  const stack: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stack.splice(0).reverse()) {
      await stop().catch((error: unknown) => console.error('demo: error while stopping', error));
    }
  };
  try {
    const erp = await startMockErp({
      port: options.erpPort,
      host,
      token: erpToken,
      db: path.join(options.dataDir, demoFiles.erp),
      log: false,
    }).catch((e: unknown) => {
      throw portError(e, 'mock-erp', options.erpPort, 'Set MOCK_ERP_PORT or --erp-port.');
    });
    stack.push(() => erp.close());
    const crm = await startMockCrm({
      port: options.crmPort,
      host,
      token: crmToken,
      db: path.join(options.dataDir, demoFiles.crm),
      log: false,
    }).catch((e: unknown) => {
      throw portError(e, 'mock-crm', options.crmPort, 'Set MOCK_CRM_PORT or --crm-port.');
    });
    stack.push(() => crm.close());

    // The sync server as `npm run server` runs it: store (migrated), engine with its scheduler and
    // in-process queue, API and portal.
    const server = await startTwinSyncServer({
      databaseUrl: path.join(options.dataDir, demoFiles.store),
      erp: { url: erp.url, token: erpToken },
      crm: { url: crm.url, token: crmToken },
      port: options.serverPort,
      host,
      ...(options.logger ? { logger: options.logger } : { logLevel: options.logLevel ?? 'warn' }),
      ...(options.bcryptRounds === undefined ? {} : { bcryptRounds: options.bcryptRounds }),
      ...(options.portalDir === undefined ? {} : { portalDist: options.portalDir }),
      ...(options.scheduleIntervalMs === undefined
        ? {}
        : { scheduleIntervalMs: options.scheduleIntervalMs }),
    }).catch((e: unknown) => {
      throw portError(e, 'the sync server', options.serverPort, 'Set PORT or --port.');
    });
    stack.push(() => server.close());
    const { store, engine } = server;

    return {
      apps: {
        erp: mockAppClient({ url: erp.url, token: erpToken }),
        crm: mockAppClient({ url: crm.url, token: crmToken }),
      },
      erpUrl: erp.url,
      crmUrl: crm.url,
      serverUrl: server.url,
      store,
      engine,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
