/**
 * `npm start`: the end-to-end demo in one process. Builds the portal when needed, starts mock-erp,
 * mock-crm and the sync server with the portal, seeds both apps, runs the initial sync and plays
 * the scenario, then prints where to look. Ctrl-C (or SIGTERM) stops everything.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDemoOptions, usage, type DemoOptions } from './options';
import { buildPortal, portalBuildState, portalDist } from './portal-build';
import { describeTakenPorts, takenPorts } from './ports';
import { runDemoScenario } from './run-demo';
import type { ProvokedCase } from './scenario';
import { removeDemoData, startDemoSystem, type DemoSystem } from './system';

interface DemoState {
  customers: number;
  seed: number;
  finishedAt: string;
  cases: ProvokedCase[];
}

const stateFile = (dataDir: string) => path.join(dataDir, 'demo-state.json');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(line);
/** Set by Ctrl-C / SIGTERM: whatever fails after it is a consequence of stopping, not an error. */
let stopping = false;

function readState(dataDir: string): DemoState | null {
  try {
    return JSON.parse(readFileSync(stateFile(dataDir), 'utf8')) as DemoState;
  } catch {
    return null;
  }
}

function prepareData(options: DemoOptions): DemoState | null {
  if (options.fresh) {
    say(`--fresh: removing ${options.dataDir}`);
    removeDemoData(options.dataDir);
  } else if (existsSync(options.dataDir) && !readState(options.dataDir)) {
    say(`${options.dataDir} holds an unfinished earlier run: starting over with fresh data`);
    removeDemoData(options.dataDir);
  }
  mkdirSync(options.dataDir, { recursive: true });
  return readState(options.dataDir);
}

async function preparePortal(options: DemoOptions): Promise<void> {
  if (options.skipPortalBuild) return;
  const state = portalBuildState();
  if (state === 'fresh' || state === 'no-sources') return;
  say(`Building the portal (${state === 'missing' ? 'not built yet' : 'sources changed'})…`);
  const t = Date.now();
  await buildPortal();
  say(
    `  built into ${path.relative(process.cwd(), portalDist)} in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
}

function printReady(
  system: DemoSystem,
  state: DemoState,
  options: DemoOptions,
  justPlayed: boolean,
): void {
  const errorCases = state.cases.filter((c) => c.expectError);
  const lines = [
    '',
    `Ready after ${elapsed()}.`,
    '',
    `  Portal:   ${system.serverUrl}/`,
    '  Users:    admin / admin-demo-pass      (everything, including mapping settings)',
    '            operator / operator-demo-pass (resolve errors, start syncs)',
    '            viewer / viewer-demo-pass    (read only)',
    '',
    'What to look at:',
    `  1. Log in as admin. The errors page (Coupled Data Synchronization Errors) lists ${errorCases.length} problems:`,
    ...errorCases.map((c) => `     - ${c.customerNumber} ${c.customerName}: ${c.what}`),
    ...(justPlayed
      ? [
          '     The first scheduled run (about a minute from now) meets each problem again and marks it',
          '     Skipped: later syncs leave it alone until you act. Every action works in either state.',
        ]
      : []),
    '  2. Open the conflict: ERP, base and CRM values side by side; pick a winner per field, preview, apply.',
    '  3. For the deleted records choose Restore records (re-create) or Delete records (remove the twin).',
    '  4. For the invalid e-mail: Synchronize with the ERP winning (or correct it in the CRM, then Retry).',
    '  5. Synchronization log (from any error, or search a number): every event with before/after values.',
    '  6. Jobs: the initial syncs and the run that rode out the throttling burst — nothing Skipped.',
    ...state.cases
      .filter((c) => !c.expectError)
      .map((c) => `     (${c.kind}: ${c.customerNumber} — ${c.what})`),
    '',
    `  mock-erp: ${system.erpUrl}/api/v2.0/   mock-crm: ${system.crmUrl}/api/data/v9.2/   (token "dev-token")`,
    `  data:     ${options.dataDir} (kept between runs; npm start -- --fresh starts over)`,
    '',
    'Ctrl-C stops everything.',
  ];
  say(lines.join('\n'));
}

async function main(): Promise<void> {
  const options = parseDemoOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    say(usage);
    return;
  }
  const taken = await takenPorts([
    { what: 'sync server and portal', port: options.serverPort, hint: 'Set PORT or --port.' },
    { what: 'mock-crm', port: options.crmPort, hint: 'Set MOCK_CRM_PORT or --crm-port.' },
    { what: 'mock-erp', port: options.erpPort, hint: 'Set MOCK_ERP_PORT or --erp-port.' },
  ]);
  if (taken.length > 0) throw new Error(describeTakenPorts(taken));

  const previous = prepareData(options);
  await preparePortal(options);

  say('Starting mock-erp, mock-crm and the sync server…');
  let system: DemoSystem | null = null;
  let stoppingSince = 0;
  const stop = (signal: string) => {
    if (stopping) {
      // A terminal's Ctrl-C reaches this process twice (directly and relayed by tsx/npm): only a
      // second Ctrl-C pressed later forces the exit.
      if (Date.now() - stoppingSince < 1000) return;
      say('Stopping anyway.');
      process.exit(1);
    }
    stopping = true;
    stoppingSince = Date.now();
    say(`\n${signal}: stopping…`);
    setTimeout(() => {
      console.error('demo: still stopping after 15 s; exiting');
      process.exit(1);
    }, 15_000).unref();
    void (system?.close() ?? Promise.resolve()).then(() => {
      say('Stopped.');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  system = await startDemoSystem({
    dataDir: options.dataDir,
    serverPort: options.serverPort,
    crmPort: options.crmPort,
    erpPort: options.erpPort,
  });
  say(
    `  mock-erp ${system.erpUrl}, mock-crm ${system.crmUrl}, portal ${system.serverUrl}/ (${elapsed()})`,
  );

  let state: DemoState;
  try {
    state = await playOrReuse(system, options, previous);
  } catch (error) {
    if (!stopping) await system.close();
    throw error;
  }
  if (!stopping) printReady(system, state, options, previous === null);
}

async function playOrReuse(
  system: DemoSystem,
  options: DemoOptions,
  previous: DemoState | null,
): Promise<DemoState> {
  if (previous) {
    say(
      `Reusing the demo data of ${previous.finishedAt} in ${options.dataDir} (npm start -- --fresh to start over).`,
    );
    return previous;
  }
  const result = await runDemoScenario(system, {
    seed: { customers: options.customers, seed: options.seed },
    onProgress: say,
  });
  const state: DemoState = {
    customers: options.customers,
    seed: options.seed,
    finishedAt: new Date().toISOString(),
    cases: result.problems.cases,
  };
  writeFileSync(stateFile(options.dataDir), `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

main().catch((error: unknown) => {
  if (stopping) return;
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
