import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FakeEngine } from '@twinsync/sync-api/testing';
import { createLogger, startSyncServer } from '@twinsync/sync-server';
import { createStore, type Store } from '@twinsync/sync-store';
import { createDemoApps, type DemoApps } from './demo-apps';
import { createDemoEngine } from './demo-engine';
import { requirePortalBuild } from './portal-dist';
import { createSeedClock, seedScenario } from './scenario';

export interface RunningStack {
  /** The sync server, serving the built portal and the API. */
  url: string;
  /** The records of both apps, to check what an action really changed. */
  apps: DemoApps;
  engine: FakeEngine;
  /** The store behind the server, to change what the portal shows while it is open. */
  store: Store;
  /** Server log lines (JSON), for a failing test's message. */
  log: string[];
  close(): Promise<void>;
}

/**
 * The sync server with the built portal on an ephemeral port, over a temporary SQLite store with
 * the scenario seeded and the demo engine acting on two in-memory apps. `close` stops the server
 * and removes the temporary folder.
 */
export async function startDemoStack(): Promise<RunningStack> {
  const portalDir = requirePortalBuild();
  const dir = await mkdtemp(path.join(tmpdir(), 'twinsync-e2e-store-'));
  const clock = createSeedClock();
  const store = await createStore({
    databaseUrl: path.join(dir, 'twinsync.sqlite'),
    clock: clock.now,
  });
  const cleanup = async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const apps = createDemoApps();
    const engine = createDemoEngine(store, apps, clock.now);
    await seedScenario(store, apps, clock);
    const log: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (log.length < 5000) log.push(chunk.toString());
        done();
      },
    });
    const server = await startSyncServer({
      store,
      engine,
      logger: createLogger({ level: 'info' }, sink),
      port: 0,
      seedUsers: true,
      bcryptRounds: 4,
      portalDir,
    });
    return {
      url: server.url,
      apps,
      engine,
      store,
      log,
      async close() {
        await server.close(200);
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
