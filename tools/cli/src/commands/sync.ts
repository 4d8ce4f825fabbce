import type { Command } from 'commander';
import type { JobResult, RunDirection } from '@twinsync/sync-engine';
import type { CliRuntime } from '../runtime';
import { table } from '../io';
import { showProgress } from '../progress';
import { appsReachable } from '../apps-check';

const directions: readonly RunDirection[] = ['erp-to-crm', 'crm-to-erp', 'both'];

export function registerSync(program: Command, rt: CliRuntime) {
  program
    .command('sync')
    .description('run a sync of one mapping (or all) and wait for it')
    .option('--mapping <name>', 'mapping to sync (default: every mapping)')
    .option('--direction <direction>', 'erp-to-crm | crm-to-erp | both', 'both')
    .option('--full', 'read everything (ignore change tokens) and sweep for deletions', false)
    .option('--sweep', 'also look for records deleted in either app (ids only)', false)
    .option('--dry-run', 'report what would happen; write nothing', false)
    .action(
      async (opts: {
        mapping?: string;
        direction: string;
        full: boolean;
        sweep: boolean;
        dryRun: boolean;
      }) => {
        if (!directions.includes(opts.direction as RunDirection)) {
          rt.fail(`--direction must be one of ${directions.join(', ')}, got "${opts.direction}"`);
          return;
        }
        const ctx = await rt.context();
        const engine = ctx.engine();
        const names = opts.mapping ? [opts.mapping] : engine.mappings.map((m) => m.id);
        const unknown = names.filter((n) => !engine.mappings.some((m) => m.id === n));
        if (unknown.length > 0) {
          rt.fail(
            `Unknown mapping ${unknown.join(', ')}; known: ${engine.mappings.map((m) => m.id).join(', ')}`,
          );
          return;
        }
        if (!(await appsReachable(rt, engine))) return;
        const results: JobResult[] = [];
        for (const mapping of names) {
          const stop = rt.json ? () => undefined : showProgress(engine, rt.io, mapping);
          try {
            results.push(
              await engine.runSync({
                mapping,
                direction: opts.direction as RunDirection,
                full: opts.full,
                sweep: opts.sweep,
                dryRun: opts.dryRun,
                trigger: 'cli',
                requestedBy: rt.actor,
              }),
            );
          } finally {
            stop();
          }
        }
        if (results.some((r) => r.status !== 'succeeded')) rt.exitCode = 1;
        if (rt.json) {
          rt.io.out(JSON.stringify(results, null, 2));
          return;
        }
        rt.io.out(
          table(
            results.map((r) => ({
              mapping: r.mappingId,
              status: r.status,
              ...r.counters,
              ms: r.durationMs,
            })),
            [
              'mapping',
              'status',
              'inserted',
              'modified',
              'deleted',
              'unchanged',
              'failed',
              'conflicts',
              'skipped',
              'ms',
            ],
          ),
        );
        for (const r of results) {
          if (r.error) rt.io.err(`${r.mappingId}: ${r.error}`);
          if (r.dryRun && r.decisions.length > 0) printDecisions(rt, r);
        }
      },
    );
}

/** How many decisions a dry run prints as rows; `--json` carries all of them. */
const shownDecisions = 20;

/** A dry run's decisions: a count per action, then the first records that would change. */
function printDecisions(rt: CliRuntime, r: JobResult) {
  const counts = new Map<string, number>();
  for (const d of r.decisions) counts.set(d.action, (counts.get(d.action) ?? 0) + 1);
  const summary = [...counts.entries()].map(([action, n]) => `${action} ${n}`).join(', ');
  rt.io.out(`\n${r.mappingId ?? ''} (dry run) would: ${summary}`);
  const changing = r.decisions.filter((d) => d.action !== 'unchanged' && d.action !== 'none');
  rt.io.out(
    table(
      changing.slice(0, shownDecisions).map((d) => ({
        ...d,
        number: d.recordNumber,
        name: d.recordName,
        fields: d.fields.join(', '),
      })),
      ['action', 'number', 'name', 'fields', 'message'],
    ),
  );
  if (changing.length > shownDecisions) {
    rt.io.out(`… and ${changing.length - shownDecisions} more (--json lists every decision)`);
  }
}
