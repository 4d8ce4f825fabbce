import { parseArgs } from 'node:util';

export interface DemoOptions {
  /** Throw away the data of earlier runs and seed again. */
  fresh: boolean;
  dataDir: string;
  serverPort: number;
  crmPort: number;
  erpPort: number;
  customers: number;
  seed: number;
  /** Skip building the portal (the API still runs; for machines without the portal's sources). */
  skipPortalBuild: boolean;
}

export const usage = `Usage: npm start -- [options]

Starts mock-erp, mock-crm, the sync server and the portal in one process, seeds both apps
deterministically, runs the initial sync and plays the demo scenario (a conflict, a merge, a
record deleted in each app, invalid data, a throttling burst). The next start reuses the data.

Options:
  --fresh               delete the data of earlier runs and seed again
  --data-dir DIR        where the SQLite files live (TWINSYNC_DATA_DIR, default data/demo)
  --port N              sync server and portal (PORT, default 5100)
  --crm-port N          mock-crm (MOCK_CRM_PORT, default 5101)
  --erp-port N          mock-erp (MOCK_ERP_PORT, default 5102)
  --customers N         ERP customers (and items) to seed, 20 to 100000 (default 300)
  --seed N              seed of the generated data (default 42)
  --skip-portal-build   do not build the portal even if apps/portal/dist is missing or stale
  -h, --help            show this help

Ctrl-C stops everything.`;

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, got "${value}"`);
  }
  return n;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

/** Parses `npm start -- …` arguments; flags win over environment variables. */
export function parseDemoOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): DemoOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        fresh: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'crm-port': { type: 'string' },
        'erp-port': { type: 'string' },
        customers: { type: 'string' },
        seed: { type: 'string' },
        'skip-portal-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\nRun "npm start -- --help" for the options.`);
  }
  if (values.help) return 'help';
  const customers = positive('--customers', values.customers, 300);
  if (customers < 20 || customers > 100_000)
    throw new Error(`--customers must be from 20 to 100000, got ${customers}`);
  return {
    fresh: values.fresh ?? false,
    dataDir: values['data-dir'] ?? env['TWINSYNC_DATA_DIR'] ?? 'data/demo',
    serverPort: port(values.port ? '--port' : 'PORT', values.port ?? env['PORT'], 5100),
    crmPort: port(
      values['crm-port'] ? '--crm-port' : 'MOCK_CRM_PORT',
      values['crm-port'] ?? env['MOCK_CRM_PORT'],
      5101,
    ),
    erpPort: port(
      values['erp-port'] ? '--erp-port' : 'MOCK_ERP_PORT',
      values['erp-port'] ?? env['MOCK_ERP_PORT'],
      5102,
    ),
    customers,
    seed: positive('--seed', values.seed, 42),
    skipPortalBuild: values['skip-portal-build'] ?? false,
  };
}
