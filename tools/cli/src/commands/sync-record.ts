import type { Command } from 'commander';
import { table } from '../io';
import { appsReachable } from '../apps-check';
import type { CliRuntime } from '../runtime';

/** Manual sync of one record: a coupled record by any key, or an uncoupled one by its app id. */
export function registerSyncRecord(program: Command, rt: CliRuntime) {
  program
    .command('sync-record')
    .description(
      'sync one record now (by coupling id, ERP/CRM id or number; --side for an uncoupled one)',
    )
    .argument('<record>', 'coupling id, ERP id, CRM id or record number')
    .option('--mapping <name>', 'mapping of an uncoupled record')
    .option('--side <side>', 'erp | crm: the app an uncoupled record id belongs to')
    .action(async (key: string, opts: { mapping?: string; side?: string }) => {
      if (opts.side !== undefined && opts.side !== 'erp' && opts.side !== 'crm') {
        rt.fail(`--side must be erp or crm, got "${opts.side}"`);
        return;
      }
      const ctx = await rt.context();
      const engine = ctx.engine();
      const coupling = await ctx.store.couplings.findByAnyKey(key);
      const known = engine.mappings.map((m) => m.id);
      if (!coupling && (!opts.mapping || !opts.side)) {
        rt.fail(
          `"${key}" is not a coupled record; for an uncoupled one give --mapping (${known.join(', ')}) and --side erp|crm`,
        );
        return;
      }
      if (!coupling && opts.mapping && !known.includes(opts.mapping)) {
        rt.fail(`Unknown mapping ${opts.mapping}; known: ${known.join(', ')}`);
        return;
      }
      if (!(await appsReachable(rt, engine))) return;
      const result = await engine.syncRecord(
        coupling
          ? { mapping: coupling.mappingId, couplingId: coupling.id, requestedBy: rt.actor }
          : {
              mapping: opts.mapping ?? '',
              ...(opts.side === 'erp' ? { erpId: key } : { crmId: key }),
              requestedBy: rt.actor,
            },
      );
      if (result.status !== 'succeeded') rt.exitCode = 1;
      if (rt.json) {
        rt.io.out(JSON.stringify(result, null, 2));
        return;
      }
      rt.io.out(
        table(
          [{ mapping: result.mappingId, status: result.status, ...result.counters }],
          ['mapping', 'status', 'inserted', 'modified', 'unchanged', 'failed', 'conflicts'],
        ),
      );
      if (result.error) rt.io.err(result.error);
    });
}
