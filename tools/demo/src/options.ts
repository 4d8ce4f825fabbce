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
  /** Skip building the portal (tests that do not need the UI). */
  skipPortalBuild: boolean;
}

const usage = `Usage: npm start -- [--fresh] [--data-dir DIR] [--customers N] [--seed N] [--skip-portal-build]

Starts mock-erp, mock-crm, the sync server and the portal, seeds both apps, runs the initial sync
and plays the demo scenario. Ports: PORT (5100), MOCK_CRM_PORT (5101), MOCK_ERP_PORT (5102).`;

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, got "${value}"`);
  }
  return n;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

export function parseDemoOptions(argv: string[], env: NodeJS.ProcessEnv): DemoOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      fresh: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      customers: { type: 'string' },
      seed: { type: 'string' },
      'skip-portal-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  return {
    fresh: values.fresh ?? false,
    dataDir: values['data-dir'] ?? env['TWINSYNC_DATA_DIR'] ?? 'data/demo',
    serverPort: port('PORT', env['PORT'], 5100),
    crmPort: port('MOCK_CRM_PORT', env['MOCK_CRM_PORT'], 5101),
    erpPort: port('MOCK_ERP_PORT', env['MOCK_ERP_PORT'], 5102),
    customers: positive('--customers', values.customers, 300),
    seed: positive('--seed', values.seed, 42),
    skipPortalBuild: values['skip-portal-build'] ?? false,
  };
}

export { usage };
