import type { TwinSyncServerOptions } from './embedded';

export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

function required(env: Record<string, string | undefined>, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ServerConfigError(`${name} is not set: ${what}`);
  return value;
}

function url(env: Record<string, string | undefined>, name: string, what: string): string {
  const value = required(env, name, what);
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ServerConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return value;
}

/**
 * The server's settings from the environment (see the README): PORT (5100), HOST (127.0.0.1),
 * DATABASE_URL (postgres://…) or TWINSYNC_DB (SQLite file, default data/twinsync.sqlite),
 * ERP_URL + ERP_TOKEN, CRM_URL + CRM_TOKEN, LOG_LEVEL (info), TWINSYNC_SEED_USERS ('false' skips
 * the demo users), TWINSYNC_PORTAL_DIST, TWINSYNC_SCHEDULE_MINUTES. Bad values are refused by name.
 */
export function serverOptionsFromEnv(
  env: Record<string, string | undefined>,
): TwinSyncServerOptions {
  const portText = env['PORT'] ?? '5100';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new ServerConfigError(`PORT must be a port number (0-65535), got "${portText}"`);
  const databaseUrl =
    env['DATABASE_URL']?.trim() || env['TWINSYNC_DB']?.trim() || 'data/twinsync.sqlite';
  const minutesText = env['TWINSYNC_SCHEDULE_MINUTES'];
  const minutes = minutesText === undefined ? undefined : Number(minutesText);
  if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 1))
    throw new ServerConfigError(
      `TWINSYNC_SCHEDULE_MINUTES must be a whole number of minutes (at least 1), got "${minutesText}"`,
    );
  return {
    databaseUrl,
    erp: {
      url: url(
        env,
        'ERP_URL',
        'the ERP (Business Central API) base URL, e.g. http://127.0.0.1:5102',
      ),
      token: required(env, 'ERP_TOKEN', 'the bearer token for the ERP'),
    },
    crm: {
      url: url(env, 'CRM_URL', 'the CRM (Dataverse Web API) base URL, e.g. http://127.0.0.1:5101'),
      token: required(env, 'CRM_TOKEN', 'the bearer token for the CRM'),
    },
    port,
    host: env['HOST']?.trim() || '127.0.0.1',
    logLevel: env['LOG_LEVEL']?.trim() || 'info',
    seedUsers: env['TWINSYNC_SEED_USERS'] !== 'false',
    ...(env['TWINSYNC_PORTAL_DIST'] ? { portalDist: env['TWINSYNC_PORTAL_DIST'] } : {}),
    ...(minutes === undefined ? {} : { scheduleIntervalMs: minutes * 60_000 }),
  };
}
