import { describe, expect, it } from 'vitest';
import { serverOptionsFromEnv } from './env';

const apps = {
  ERP_URL: 'http://127.0.0.1:5102',
  ERP_TOKEN: 'erp-secret',
  CRM_URL: 'http://127.0.0.1:5101',
  CRM_TOKEN: 'crm-secret',
};

describe('server settings from the environment', () => {
  it('defaults to port 5100 on loopback with the SQLite file data/twinsync.sqlite', () => {
    expect(serverOptionsFromEnv(apps)).toEqual({
      databaseUrl: 'data/twinsync.sqlite',
      erp: { url: apps.ERP_URL, token: 'erp-secret' },
      crm: { url: apps.CRM_URL, token: 'crm-secret' },
      port: 5100,
      host: '127.0.0.1',
      logLevel: 'info',
      seedUsers: true,
    });
  });

  it('takes DATABASE_URL over TWINSYNC_DB, and the port, host, schedule, portal and seeding', () => {
    const options = serverOptionsFromEnv({
      ...apps,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      TWINSYNC_DB: 'ignored.sqlite',
      PORT: '0',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'debug',
      TWINSYNC_SEED_USERS: 'false',
      TWINSYNC_SCHEDULE_MINUTES: '5',
      TWINSYNC_PORTAL_DIST: 'somewhere/dist',
    });
    expect(options).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      port: 0,
      host: '0.0.0.0',
      logLevel: 'debug',
      seedUsers: false,
      scheduleIntervalMs: 300_000,
      portalDist: 'somewhere/dist',
    });
    expect(serverOptionsFromEnv({ ...apps, TWINSYNC_DB: 'x/y.sqlite' }).databaseUrl).toBe(
      'x/y.sqlite',
    );
  });

  it('names the variable that is missing or malformed', () => {
    expect(() => serverOptionsFromEnv({ ...apps, ERP_TOKEN: '' })).toThrow(/ERP_TOKEN is not set/);
    expect(() => serverOptionsFromEnv({ ...apps, CRM_URL: undefined })).toThrow(
      /CRM_URL is not set/,
    );
    expect(() => serverOptionsFromEnv({ ...apps, ERP_URL: 'ftp://x' })).toThrow(
      /ERP_URL must be an http\(s\) URL/,
    );
    expect(() => serverOptionsFromEnv({ ...apps, PORT: 'eighty' })).toThrow(/PORT must be/);
    expect(() => serverOptionsFromEnv({ ...apps, PORT: '70000' })).toThrow(/PORT must be/);
    expect(() => serverOptionsFromEnv({ ...apps, TWINSYNC_SCHEDULE_MINUTES: '0' })).toThrow(
      /TWINSYNC_SCHEDULE_MINUTES/,
    );
  });
  it('takes the role from --role over TWINSYNC_ROLE, with a PostgreSQL store', () => {
    const pg = { ...apps, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };
    expect(serverOptionsFromEnv(pg).role).toBeUndefined();
    expect(serverOptionsFromEnv({ ...pg, TWINSYNC_ROLE: 'worker' }).role).toBe('worker');
    expect(serverOptionsFromEnv({ ...pg, TWINSYNC_ROLE: 'worker' }, ['--role', 'api']).role).toBe(
      'api',
    );
    expect(serverOptionsFromEnv(pg, ['--role=worker']).role).toBe('worker');
    expect(serverOptionsFromEnv({ ...pg, DATABASE_SCHEMA: 'tenant_a' }).databaseSchema).toBe(
      'tenant_a',
    );
  });

  it('refuses an unknown role, and api or worker roles on the embedded SQLite store, by name', () => {
    expect(() => serverOptionsFromEnv({ ...apps, TWINSYNC_ROLE: 'boss' })).toThrow(
      /TWINSYNC_ROLE must be one of all, api, worker/,
    );
    expect(() => serverOptionsFromEnv(apps, ['--role', 'worker'])).toThrow(
      /--role=worker .* needs DATABASE_URL=postgres:\/\//,
    );
    expect(() => serverOptionsFromEnv({ ...apps, TWINSYNC_ROLE: 'api' })).toThrow(
      /TWINSYNC_ROLE=api .* needs DATABASE_URL=postgres:\/\//,
    );
    expect(serverOptionsFromEnv(apps, ['--role', 'all']).role).toBeUndefined();
  });
});
