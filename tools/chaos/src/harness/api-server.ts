import { Writable } from 'node:stream';
import { createSyncEngine, type TwinSyncEngine } from '@twinsync/sync-engine';
import { createMemoryApp, type MemoryApp } from '@twinsync/sync-engine/testing';
import { createStore, type Store } from '@twinsync/sync-store';
import { createLogger, startSyncServer } from '@twinsync/sync-server';

export interface ApiServer {
  url: string;
  store: Store;
  engine: TwinSyncEngine;
  erp: MemoryApp;
  crm: MemoryApp;
  /** Every line the server's pino logger wrote, in order. */
  logLines: string[];
  close(): Promise<void>;
}

export const demoPasswords = {
  admin: 'admin-demo-pass',
  operator: 'operator-demo-pass',
  viewer: 'viewer-demo-pass',
} as const;

/**
 * The real sync server (real store on SQLite, real engine) on a random loopback port, over two
 * in-memory apps holding `records` synced customers and one record in error, with its log captured.
 */
export async function startApiServer(options: { records?: number } = {}): Promise<ApiServer> {
  const store = await createStore({ client: 'sqlite', filename: ':memory:' });
  const erp = createMemoryApp('erp');
  const crm = createMemoryApp('crm', { key: 'accountid' });
  const engine = createSyncEngine({ store, erp, crm, batchSize: 50 });
  const logLines: string[] = [];
  try {
    for (let n = 1; n <= (options.records ?? 20); n++) {
      erp.insert({ displayName: `Chaos ${n}`, number: `CH${n}`, email: `c${n}@chaos.example` });
    }
    crm.validator = (values) =>
      typeof values['name'] === 'string' && values['name'].startsWith('Refused')
        ? 'name is refused'
        : null;
    erp.insert({ displayName: 'Refused Ltd', number: 'CHX', email: 'x@chaos.example' });
    await engine.runSync({ mapping: 'customers' });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const running = await startSyncServer({
      store,
      engine,
      logger: createLogger({ level: 'debug' }, sink),
      port: 0,
      seedUsers: true,
      bcryptRounds: 4,
      portalDir: 'no-portal-in-chaos-tests',
    });
    return {
      url: running.url,
      store,
      engine,
      erp,
      crm,
      logLines,
      async close() {
        await running.close(200);
        await engine.close();
        await store.close();
      },
    };
  } catch (error) {
    await engine.close();
    await store.close();
    throw error;
  }
}

/** A logged-in HTTP client: session cookie and CSRF token, like the portal in a browser. */
export interface Session {
  cookie: string;
  csrf: string;
}

/** Every session id and CSRF token `login` was handed, for the scan of the server's log. */
export const issuedSecrets: string[] = [];

export async function login(url: string, username: string, password: string): Promise<Session> {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-twinsync-csrf': 'login' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) {
    throw new Error(
      `login of ${username} failed: HTTP ${response.status} ${await response.text()}`,
    );
  }
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await response.json()) as { result: { data: { csrfToken: string } } };
  const csrf = body.result.data.csrfToken;
  issuedSecrets.push(cookie.slice(cookie.indexOf('=') + 1), csrf);
  return { cookie, csrf };
}
