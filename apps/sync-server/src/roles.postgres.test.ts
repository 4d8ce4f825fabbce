import { randomBytes } from 'node:crypto';
import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinSyncServer, type RunningTwinSync } from './embedded';
import { createLogger } from './logger';

/**
 * Scale-out roles on PostgreSQL: one `--role api` server and two `--role worker` processes (here
 * in one process, each with its own store connection and queue) on one store schema, dropped after.
 */

const pgUrl = process.env['TWINSYNC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `server_roles_${randomBytes(5).toString('hex')}`;

async function admin<T>(fn: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: pgUrl, connectionTimeoutMillis: 2000 },
    pool: { min: 0, max: 1 },
  });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

async function reachablePg(): Promise<boolean> {
  try {
    await admin((knex) => knex.raw('select 1'));
    return true;
  } catch (error) {
    if (process.env['CI'] === 'true') throw error;
    console.warn(`PostgreSQL at ${pgUrl} is unreachable (${String(error)}): suite skipped.`);
    return false;
  }
}

const reachable = await reachablePg();

describe.skipIf(!reachable)('sync server roles on PostgreSQL', () => {
  let erp: RunningMockErp;
  let crm: RunningMockCrm;
  const running: RunningTwinSync[] = [];

  function start(role: 'api' | 'worker') {
    return startTwinSyncServer({
      databaseUrl: pgUrl,
      databaseSchema: schema,
      role,
      erp: { url: erp.url, token: 'roles-token' },
      crm: { url: crm.url, token: 'roles-token' },
      port: 0,
      logger: createLogger({ level: 'silent' }),
      seedUsers: false,
      live: false,
      portalDist: '/nonexistent-portal',
    }).then((r) => {
      running.push(r);
      return r;
    });
  }

  beforeAll(async () => {
    erp = await startMockErp({ port: 0, token: 'roles-token', log: false });
    crm = await startMockCrm({ port: 0, token: 'roles-token', log: false });
  }, 30_000);

  afterAll(async () => {
    for (const r of running.reverse()) await r.close();
    await Promise.all([erp?.close(), crm?.close()]);
    await admin((knex) => knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]));
  }, 30_000);

  it('the API process enqueues and runs nothing; a worker runs the job; a worker serves no HTTP', async () => {
    const api = await start('api');
    const [w1, w2] = [await start('worker'), await start('worker')];
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([w1.url, w2.url]).toEqual(['', '']);
    const health = (await (await fetch(`${api.url}/health`)).json()) as Record<string, unknown>;
    expect(health['database']).toBe('ok');
    await erp.app.controls.seed(25, 3);
    const result = await api.engine.runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    expect(result.counters.inserted).toBe(25);
    const job = await api.store.jobs.require(result.jobId);
    expect(job.claimedBy).not.toBeNull();
    expect(api.engine.schedulerStatus().running).toBe(false);
    expect(w1.engine.schedulerStatus().running).toBe(true);
    // Three processes' worth of pg-boss start-ups on a busy 2-core machine: more than 5 s at times.
  }, 30_000);
});
