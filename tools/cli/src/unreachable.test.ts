import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCrmClient, createErpClient } from '@twinsync/connectors';
import { createSyncEngine, type TwinSyncEngine } from '@twinsync/sync-engine';
import { createStore } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenContext } from './context';
import { runCli } from './program';

let dir: string;
let closedPort: number;

/** A loopback port that nothing listens on (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function cli(env: Record<string, string>, open: OpenContext | undefined, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { DATABASE_URL: join(dir, 'cli.sqlite'), ...env },
    io: { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false },
    ...(open ? { open } : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'twinsync-cli-down-'));
  closedPort = await freePort();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the command line when the apps are not there', () => {
  it('names the missing settings when the apps are not configured', async () => {
    const { code, err } = await cli({}, undefined, 'sync', '--mapping', 'customers');
    expect(code).toBe(1);
    expect(err).toContain('set ERP_URL and ERP_TOKEN');
  });

  it('says which app could not be reached, at which URL, and exits 1 without syncing', async () => {
    const url = `http://127.0.0.1:${closedPort}`;
    const fast = { retries: 1, minDelayMs: 1, maxDelayMs: 2 };
    const open: OpenContext = async () => {
      const store = await createStore({ databaseUrl: join(dir, 'down.sqlite') });
      let engine: TwinSyncEngine | null = null;
      return {
        store,
        engine() {
          engine ??= createSyncEngine({
            store,
            erp: createErpClient({ baseUrl: `${url}/api/v2.0`, token: 't', retry: fast }),
            crm: createCrmClient({ baseUrl: `${url}/api/data/v9.2`, token: 't', retry: fast }),
          });
          return engine;
        },
        async close() {
          await engine?.close();
          await store.close();
        },
      };
    };
    const { code, err } = await cli({}, open, 'sync', '--mapping', 'customers');
    expect(code).toBe(1);
    expect(err).toContain(`ERP at ${url}/api/v2.0 could not be reached`);
    expect(err).toContain('check CRM_URL and that the app is running');
    const store = await createStore({ databaseUrl: join(dir, 'down.sqlite') });
    try {
      expect((await store.jobs.list({ limit: 10 })).items).toHaveLength(0);
    } finally {
      await store.close();
    }
  });

  it('refuses an unknown error kind and lists the known ones', async () => {
    const { code, err } = await cli({}, undefined, 'errors', '--kind', 'oops');
    expect(code).toBe(2);
    expect(err).toContain('--kind must be one of conflict, deleted, validation');
  });
});
