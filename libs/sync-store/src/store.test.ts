import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, storeOptionsFromEnv } from './store';
import { StoreConfigError } from './store-errors';
import { migrationSource } from './migrations/migration-source';
import { tables } from './migrations/tables';
import { asRows } from './rows/values';
import { pgReachable, testPgUrl } from './testing/store-targets';

describe('createStore on a SQLite file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the data folder, turns on WAL (checkpointed every 10,000 pages), a busy timeout and foreign keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-store-'));
    dirs.push(dir);
    const filename = join(dir, 'nested', 'twinsync.sqlite');
    const store = await createStore({ client: 'sqlite', filename, busyTimeoutMs: 1234 });
    try {
      expect(existsSync(filename)).toBe(true);
      const pragma = async (name: string) =>
        Object.values(asRows(await store.knex.raw(`PRAGMA ${name}`))[0] ?? {})[0];
      await expect(pragma('journal_mode')).resolves.toBe('wal');
      await expect(pragma('wal_autocheckpoint')).resolves.toBe(10_000);
      await expect(pragma('busy_timeout')).resolves.toBe(1234);
      await expect(pragma('foreign_keys')).resolves.toBe(1);
    } finally {
      await store.close();
    }
  });

  it('applies migrations once, so reopening an existing file keeps its data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-store-'));
    dirs.push(dir);
    const filename = join(dir, 'twinsync.sqlite');
    const first = await createStore({ client: 'sqlite', filename });
    await first.mappings.ensure({
      id: 'customers',
      name: 'C',
      erpEntity: 'customers',
      crmEntity: 'accounts',
    });
    await first.close();
    const second = await createStore({ client: 'sqlite', filename });
    try {
      expect((await second.mappings.list()).map((m) => m.id)).toEqual(['customers']);
      const applied = asRows(await second.knex('store_migrations').select('name'));
      expect(applied.map((r) => r['name'])).toEqual([
        '001-initial-schema',
        '002-first-seen-index',
        '003-closed-errors-index',
        '004-scale-out',
        '005-chunk-listing-token',
        '006-drop-global-record-id-indexes',
        '007-errors-search-indexes',
        '008-removed-couplings',
        '009-errors-trigram-search',
      ]);
    } finally {
      await second.close();
    }
  });

  it('migration 008 keeps the log of couplings removed before it findable by record id', async () => {
    const store = await createStore({ client: 'sqlite', filename: ':memory:' });
    const config = { migrationSource, tableName: 'store_migrations' };
    try {
      // Back to the schema before 008 (later migrations change nothing on SQLite).
      await store.knex.migrate.down({ ...config, name: '008-removed-couplings' });
      await store.mappings.ensure({
        id: 'customers',
        name: 'C',
        erpEntity: 'customers',
        crmEntity: 'accounts',
      });
      const kept = await store.couplings.create({
        mappingId: 'customers',
        erpId: 'e2',
        crmId: 'c2',
      });
      await store.knex(tables.history).insert([
        // A coupling removed under migration 007: only its history is left.
        {
          id: 'h1',
          coupling_id: 'gone',
          mapping_id: 'customers',
          erp_id: 'e1',
          crm_id: 'c1',
          at: '2026-01-01T00:00:00.000Z',
          outcome: 'inserted',
        },
        {
          id: 'h2',
          coupling_id: 'gone',
          mapping_id: 'customers',
          erp_id: 'e1',
          crm_id: 'c1',
          at: '2026-01-02T00:00:00.000Z',
          outcome: 'uncoupled',
        },
        {
          id: 'h3',
          coupling_id: kept.id,
          mapping_id: 'customers',
          erp_id: 'e2',
          crm_id: 'c2',
          at: '2026-01-01T00:00:00.000Z',
          outcome: 'inserted',
        },
      ]);
      await store.knex.migrate.up(config);
      expect(await store.knex(tables.removedCouplings).select('*')).toEqual([
        {
          coupling_id: 'gone',
          mapping_id: 'customers',
          erp_id: 'e1',
          crm_id: 'c1',
          removed_at: '2026-01-02T00:00:00.000Z',
        },
      ]);
      const log = await store.history.listForRecord(
        { mappingId: 'customers', erpId: 'e1' },
        { limit: 5 },
      );
      expect(log.items.map((e) => e.id)).toEqual(['h2', 'h1']);
    } finally {
      await store.close();
    }
  });

  it('rejects a coupling of a mapping that does not exist (foreign keys are enforced)', async () => {
    const store = await createStore({ client: 'sqlite', filename: ':memory:' });
    try {
      await expect(
        store.couplings.create({ mappingId: 'nope', erpId: 'e1', crmId: 'c1' }),
      ).rejects.toThrow(/FOREIGN KEY/);
      expect(await store.knex(tables.couplings).count({ n: '*' })).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
    }
  });
});

describe('createStore from one database URL', () => {
  it('opens SQLite for a file path such as the sync server passes', async () => {
    const store = await createStore({ databaseUrl: ':memory:' });
    try {
      expect(store.client).toBe('sqlite');
      expect(await store.mappings.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('createStore on PostgreSQL', () => {
  it('refuses a schema name that is not a plain identifier before touching the database', async () => {
    await expect(
      createStore({ client: 'pg', connection: testPgUrl, schema: 'x; drop table users' }),
    ).rejects.toBeInstanceOf(StoreConfigError);
  });

  it.skipIf(!pgReachable)(
    'opens a schema made for a role that may not create in the database, and searches its errors',
    async () => {
      const name = `twinsync_limited_${randomBytes(4).toString('hex')}`;
      const admin = knexFactory({ client: 'pg', connection: testPgUrl });
      // The role owns its schema and nothing else: no CREATE on the database (PostgreSQL's
      // default), so it can neither make a schema nor install an extension.
      await admin.raw(`CREATE ROLE ${name} LOGIN`);
      await admin.raw(`CREATE SCHEMA ${name} AUTHORIZATION ${name}`);
      const url = new URL(testPgUrl);
      url.username = name;
      url.password = '';
      try {
        const store = await createStore({ client: 'pg', connection: url.href, schema: name });
        try {
          await store.mappings.ensure({
            id: 'customers',
            name: 'C',
            erpEntity: 'customers',
            crmEntity: 'accounts',
          });
          const found = await store.errors.list({ limit: 50, filter: { search: 'customer' } });
          expect(found.items).toEqual([]);
          const applied = asRows(await store.knex('store_migrations').select('name'));
          expect(applied.at(-1)?.['name']).toBe('009-errors-trigram-search');
        } finally {
          await store.close();
        }
      } finally {
        await admin.raw(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
        await admin.raw(`DROP ROLE IF EXISTS ${name}`);
        await admin.destroy();
      }
    },
    60_000,
  );
});

describe('storeOptionsFromEnv', () => {
  it('uses PostgreSQL when DATABASE_URL is a postgres URL', () => {
    expect(storeOptionsFromEnv({ DATABASE_URL: 'postgres://u@h:5432/db' })).toEqual({
      client: 'pg',
      connection: 'postgres://u@h:5432/db',
    });
  });

  it('uses the SQLite file TWINSYNC_DB, or ./data/twinsync.sqlite by default', () => {
    expect(storeOptionsFromEnv({ TWINSYNC_DB: 'x/y.sqlite' })).toEqual({
      client: 'sqlite',
      filename: 'x/y.sqlite',
    });
    expect(storeOptionsFromEnv({})).toEqual({
      client: 'sqlite',
      filename: './data/twinsync.sqlite',
    });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL without echoing its secrets', () => {
    expect(() => storeOptionsFromEnv({ DATABASE_URL: 'mysql://root:secret@h/db' })).toThrow(
      StoreConfigError,
    );
    expect(() => storeOptionsFromEnv({ DATABASE_URL: 'mysql://root:secret@h/db' })).not.toThrow(
      /secret/,
    );
  });
});

describe('two stores on one SQLite file (two processes)', () => {
  it('never lets both claim the same job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-store-'));
    const filename = join(dir, 'shared.sqlite');
    const a = await createStore({ client: 'sqlite', filename });
    const b = await createStore({ client: 'sqlite', filename });
    try {
      for (let i = 0; i < 20; i++) {
        await a.jobs.enqueue({ mappingId: null, type: 'sync', trigger: 'manual' });
      }
      const claims = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).jobs.claimNext(`w${i}`)),
      );
      const ids = claims.flatMap((j) => (j ? [j.id] : []));
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
