import type { ServerRole, TwinSyncServerOptions } from './embedded';

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

export const serverRoles: readonly ServerRole[] = ['all', 'api', 'worker'];

/**
 * The process role: `--role` on the command line, else TWINSYNC_ROLE, else `all`. Roles other than
 * `all` share the work with other processes through PostgreSQL, so they need a postgres:// URL.
 */
export function roleOf(
  given: string | undefined,
  databaseUrl: string,
  source = 'TWINSYNC_ROLE',
): ServerRole {
  const role = (given?.trim() || 'all') as ServerRole;
  if (!serverRoles.includes(role))
    throw new ServerConfigError(`${source} must be one of all, api, worker; got "${given ?? ''}"`);
  if (role !== 'all' && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ServerConfigError(
      `${source}=${role} runs beside other processes and needs DATABASE_URL=postgres://… (the shared store and queue); the embedded SQLite store takes only --role all`,
    );
  return role;
}

/** `--role X` or `--role=X` among the command-line arguments, or undefined. */
export function roleArgument(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--role') return argv[i + 1] ?? '';
    if (arg.startsWith('--role=')) return arg.slice('--role='.length);
  }
  return undefined;
}

/**
 * The server's settings from the environment (see the README): PORT (5100), HOST (127.0.0.1),
 * DATABASE_URL (postgres://…) or TWINSYNC_DB (SQLite file, default data/twinsync.sqlite),
 * ERP_URL + ERP_TOKEN, CRM_URL + CRM_TOKEN, LOG_LEVEL (info), TWINSYNC_SEED_USERS ('false' skips
 * the demo users), TWINSYNC_PORTAL_DIST, TWINSYNC_SCHEDULE_MINUTES, TWINSYNC_ROLE (or `--role` in
 * `argv`: all, api, worker). Bad values are refused by name.
 */
export function serverOptionsFromEnv(
  env: Record<string, string | undefined>,
  argv: readonly string[] = [],
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
  const flag = roleArgument(argv);
  const role =
    flag === undefined
      ? roleOf(env['TWINSYNC_ROLE'], databaseUrl)
      : roleOf(flag, databaseUrl, '--role');
  return {
    databaseUrl,
    ...(env['DATABASE_SCHEMA']?.trim() ? { databaseSchema: env['DATABASE_SCHEMA'].trim() } : {}),
    ...(role === 'all' ? {} : { role }),
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
