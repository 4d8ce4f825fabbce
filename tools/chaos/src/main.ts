/**
 * `npm run chaos [-- --quick] [--seed N] [--only R1,R4]`: the reliability and security suite
 * (quality bars R1–R5) in its long version, bounded in time and count; prints the table and writes
 * it to bench-results/reliability-latest.md. `--quick` runs the sizes of the vitest versions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { demoPasswords, issuedSecrets, login, startApiServer } from './harness/api-server';
import { knownDefects } from './known-defects';
import { listProcedures } from './procedures';
import { runCrashes } from './r1-crash';
import { runFaults } from './r2-faults';
import { runConcurrentEdits } from './r3-concurrent';
import { fuzzApi, fuzzCrm, fuzzErp, type FuzzOutcome } from './r4-fuzz';
import {
  checkAudit,
  checkBruteForce,
  checkCsrf,
  checkLogout,
  checkRoles,
  secretsInLogs,
} from './r5-access';
import { reliabilityMarkdown, type ReliabilityRow } from './report';

const program = new Command()
  .name('chaos')
  .description('Reliability and security suite R1–R5 (loopback only, bounded in time and count).')
  .option('--quick', 'the sizes of the vitest versions', false)
  .option('--seed <n>', 'seed of every random choice', '1')
  .option('--only <ids>', 'comma-separated bars to run, e.g. R1,R4')
  .option('--out <file>', 'where to write the table', 'bench-results/reliability-latest.md')
  .parse();

const opts = program.opts<{ quick: boolean; seed: string; only?: string; out: string }>();
const seed = Number(opts.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${opts.seed}`);
const only = opts.only ? new Set(opts.only.split(',').map((s) => s.trim().toUpperCase())) : null;
const quick = opts.quick;
const wanted = (id: string) => !only || only.has(id);
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

async function r1(): Promise<ReliabilityRow> {
  const size = quick
    ? { records: 1000, trials: 3, changesPerTrial: 200 }
    : { records: 10_000, trials: 20, changesPerTrial: 1000 };
  const o = await runCrashes({
    ...size,
    seed,
    batchSize: quick ? 100 : 200,
    budgetMs: 20 * 60_000,
    onTrial: (t) =>
      log(
        `R1 trial ${t.trial}: ${t.killedAt}, ${t.converged ? 'converged' : t.problems.join('; ')}`,
      ),
  });
  const failed = o.trials.filter((t) => !t.converged);
  return {
    id: 'R1',
    what: `${size.records.toLocaleString('en')}-record two-way sync in a child process, SIGKILL at ${size.trials} seeded moments (then ${size.changesPerTrial} user changes before each next sync), restart until done`,
    counts: `${o.converged}/${o.trials.length} converged${failed[0] ? ` (first not converged: trial ${failed[0].trial}; open conflicts persist into later trials)` : ''}; ${o.kills} kills landed; ${o.final?.coupled ?? 0} couplings; ${o.editsChecked} user edits checked; 0 duplicates required`,
    pass: o.trials.length === size.trials && failed.length === 0,
    notes: [
      ...o.trials.map(
        (t) =>
          `trial ${t.trial}: ${t.killedAt}, ${t.restarts} restart(s), ${t.converged ? 'converged' : `NOT converged: ${t.problems.join('; ')}`}`,
      ),
    ],
  };
}

async function r2(): Promise<ReliabilityRow> {
  const records = quick ? 150 : 1000;
  const o = await runFaults({ records, seed, ...(quick ? { maxSleepMs: 20 } : {}) });
  const f = o.final;
  const pass =
    o.skippedSeen === 0 &&
    f.openErrors === 0 &&
    f.skipped === 0 &&
    f.brokenCouplings.length === 0 &&
    f.uncoupled.length === 0 &&
    f.mismatches.length === 0 &&
    f.duplicateErpNumbers.length === 0 &&
    f.duplicateCrmNumbers.length === 0;
  return {
    id: 'R2',
    what: `two-way sync of ${records} ERP + ${records} CRM records, then ${o.edits} user edits, with 10% 429 (Retry-After 1 s${quick ? ', waits capped at 20 ms' : ', honoured'}), 5% 503, 2% dropped connections, 0–15 ms latency on both mocks`,
    counts: `injected 429×${o.injected['429']}, 503×${o.injected['503']}, drops×${o.injected.drop}; ${o.retries} retries (${o.retryAfterWaits} Retry-After waits); ${o.runs} runs; failed records in runs ${o.failedInRuns}; Skipped ${o.skippedSeen}; open errors ${f.openErrors}; ${f.coupled} coupled, ${f.mismatches.length} mismatches`,
    pass,
  };
}

async function r3(): Promise<ReliabilityRow> {
  const size = quick
    ? { records: 300, editedRecords: 80, durationMs: 6000, maxEdits: 2000 }
    : { records: 2000, editedRecords: 400, durationMs: 60_000, maxEdits: 20_000 };
  const o = await runConcurrentEdits({ ...size, seed });
  return {
    id: 'R3',
    what: `seeded user edits both apps (${size.editedRecords} of ${size.records} records) while syncs run back to back for ${size.durationMs / 1000} s`,
    counts: `${o.edits} edits, ${o.syncRuns} sync runs; last edits: ${o.survived} in both apps, ${o.visibleAsConflict} shown as errors, ${o.lost.length} silently lost; same-field edits in both apps on ${o.bothSides.records} records: ${o.bothSides.conflicts} conflicts, ${o.bothSides.resolvedSame} agreed, ${o.bothSides.lost.length} lost`,
    pass: o.lost.length === 0 && o.bothSides.lost.length === 0 && o.survived > 0,
    notes: [...o.lost, ...o.bothSides.lost].slice(0, 10),
  };
}

function fuzzSummary(o: FuzzOutcome): string {
  const known = Object.entries(o.tally.known).map(([id, n]) => `${n} known (${id})`);
  return [
    `${o.target}: ${o.tally.requests} requests, 5xx/dropped ${o.tally.serverErrors.length}, 501 not-implemented ${o.tally.notImplemented}, accepted bad writes ${o.tally.acceptedMutations.length}`,
    ...known,
    o.alive ? 'alive' : 'DOWN',
    o.unchanged ? 'data unchanged' : 'DATA CHANGED',
  ].join(', ');
}

async function r4(): Promise<ReliabilityRow> {
  const n = quick ? { erp: 2000, crm: 1500, api: 1500 } : { erp: 10_000, crm: 10_000, api: 10_000 };
  const outcomes = [
    await fuzzErp({ requests: n.erp, seed }),
    await fuzzCrm({ requests: n.crm, seed }),
    await fuzzApi({ requests: n.api, seed }),
  ];
  const ok = (o: FuzzOutcome) =>
    o.tally.serverErrors.length === 0 &&
    o.tally.acceptedMutations.length === 0 &&
    o.alive &&
    o.unchanged;
  return {
    id: 'R4',
    what: 'fast-check requests over HTTP: malformed JSON, wrong types, huge bodies (to 3 MiB), OData garbage ($filter/$orderby/$top/$select/…), bad ids and GUIDs, bad $batch bodies, bad tRPC inputs/batches/methods',
    counts: outcomes.map(fuzzSummary).join('; '),
    pass: outcomes.every(ok),
    notes: outcomes.flatMap((o) => [
      ...o.tally.serverErrors
        .slice(0, 5)
        .map((e) => `${o.target} ${e.method} ${e.path} → ${e.status} ${e.body}`),
      ...o.tally.acceptedMutations
        .slice(0, 5)
        .map((e) => `${o.target} accepted ${e.method} ${e.path} → ${e.status}`),
      ...o.differences,
    ]),
  };
}

async function r5(): Promise<ReliabilityRow> {
  const server = await startApiServer();
  try {
    const roles = await checkRoles(server);
    const csrf = await checkCsrf(server);
    const audit = await checkAudit(server);
    const logout = await checkLogout(server);
    const brute = await checkBruteForce(server, 12);
    await login(server.url, 'admin', demoPasswords.admin);
    const secrets = [
      ...Object.values(demoPasswords),
      ...Array.from({ length: 12 }, (_, i) => `guess-${i}-wrong`),
      ...issuedSecrets,
    ];
    const scan = await secretsInLogs(server, secrets);
    const logoutOk =
      logout.anonymous === 'UNAUTHORIZED' &&
      logout.noCsrf === 'FORBIDDEN' &&
      logout.ok === 'OK' &&
      logout.afterLogout === 'UNAUTHORIZED';
    const bruteOk =
      brute.firstLimited === 5 && brute.rightPasswordAfterLimit === 429 && brute.otherUserOk;
    return {
      id: 'R5',
      what: `${listProcedures().length} tRPC procedures read from the router × anonymous/viewer/operator/admin over HTTP; CSRF attempts on every mutation; admin actions vs audit log; 12 wrong passwords; log scan`,
      counts: `${roles.checks} role checks (${roles.failures.length} wrong); ${csrf.attempts} CSRF attempts (${csrf.failures.length} accepted, store ${csrf.unchanged ? 'unchanged' : 'CHANGED'}); ${audit.actions} admin actions, ${audit.failures.length} without exactly one audit entry; logins limited from attempt ${brute.firstLimited + 1} (right password then ${brute.rightPasswordAfterLimit}); ${scan.lines} log lines × ${scan.secretsChecked} secrets: ${scan.leaks.length} leaks`,
      pass:
        roles.failures.length === 0 &&
        csrf.failures.length === 0 &&
        csrf.unchanged &&
        audit.failures.length === 0 &&
        audit.missingInput.length === 0 &&
        logoutOk &&
        bruteOk &&
        scan.leaks.length === 0,
      notes: [
        ...roles.failures.map((f) => `${f.path} as ${f.who}: expected ${f.expected}, got ${f.got}`),
        ...csrf.failures.map((f) => `${f.path} (${f.who}): ${f.got}`),
        ...audit.failures.map((f) => `${f.path}: ${f.got}`),
        ...scan.leaks.slice(0, 5).map((l) => `leak ${l.secret}: ${l.line}`),
      ],
    };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const rows: ReliabilityRow[] = [];
  const bars: [string, () => Promise<ReliabilityRow>][] = [
    ['R1', r1],
    ['R2', r2],
    ['R3', r3],
    ['R4', r4],
    ['R5', r5],
  ];
  for (const [id, run] of bars) {
    if (!wanted(id)) continue;
    log(`${id} running${quick ? ' (quick)' : ''}…`);
    try {
      rows.push(await run());
    } catch (error) {
      rows.push({
        id: id as ReliabilityRow['id'],
        what: 'crashed',
        counts: error instanceof Error ? error.message : String(error),
        pass: false,
      });
    }
    log(`${id} ${rows.at(-1)?.pass ? 'pass' : 'FAIL'}`);
  }
  const table = reliabilityMarkdown({
    startedAt,
    finishedAt: new Date().toISOString(),
    quick,
    seed,
    rows,
  });
  const known = knownDefects
    .map((d) => `- known defect ${d.id} (${d.project}): ${d.summary}`)
    .join('\n');
  const text = known
    ? `${table}\nKnown defects (each with an \`it.fails\` test in tools/chaos):\n\n${known}\n`
    : table;
  process.stdout.write(text);
  const dir = opts.out.includes('/') ? opts.out.slice(0, opts.out.lastIndexOf('/')) : '.';
  mkdirSync(dir, { recursive: true });
  writeFileSync(opts.out, text);
  log(`wrote ${opts.out}`);
  process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
