import type { Command } from 'commander';
import type { EngineAction, TargetOutcome } from '@twinsync/sync-engine';
import { appsReachable } from '../apps-check';
import { table } from '../io';
import type { CliRuntime } from '../runtime';

async function resolveTargets(rt: CliRuntime, keys: readonly string[]) {
  const { store } = await rt.context();
  const targets: { couplingId: string; errorId: string | null }[] = [];
  const unknown: TargetOutcome[] = [];
  for (const key of keys) {
    const coupling = await store.couplings.findByAnyKey(key);
    if (!coupling) {
      unknown.push({
        couplingId: null,
        errorId: null,
        status: 'failed',
        message: `No coupled record "${key}".`,
      });
      continue;
    }
    const error = await store.errors.findOpen(coupling.mappingId, { couplingId: coupling.id });
    targets.push({ couplingId: coupling.id, errorId: error?.id ?? null });
  }
  return { targets, unknown };
}

/** Actions that call an app; retry and dismiss change only our own bookkeeping. */
const touchesApps = (action: EngineAction) => action.type !== 'retry' && action.type !== 'dismiss';

async function act(rt: CliRuntime, name: string, action: EngineAction, keys: readonly string[]) {
  const ctx = await rt.context();
  const { targets, unknown } = await resolveTargets(rt, keys);
  if (targets.length > 0 && touchesApps(action) && !(await appsReachable(rt, ctx.engine()))) {
    return;
  }
  const result =
    targets.length > 0
      ? await ctx.engine().runAction({ action, targets, requestedBy: rt.actor })
      : { jobId: null, outcomes: [] };
  const outcomes = [...result.outcomes, ...unknown];
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  await ctx.store.audit.append({
    username: rt.actor,
    role: 'cli',
    action: `cli.${name}`,
    target: keys.join(', '),
    recordCount: outcomes.length,
    outcome: failed === 0 ? 'succeeded' : failed === outcomes.length ? 'failed' : 'partial',
    details: { jobId: result.jobId, action },
  });
  if (failed > 0) rt.exitCode = 1;
  if (rt.json) {
    rt.io.out(JSON.stringify({ jobId: result.jobId, outcomes }, null, 2));
    return;
  }
  rt.io.out(table(outcomes, ['couplingId', 'status', 'message']));
}

export function registerActions(program: Command, rt: CliRuntime) {
  const simple: [string, string, EngineAction][] = [
    ['retry', 'clear Skipped so the next sync includes the records', { type: 'retry' }],
    ['remove-coupling', 'uncouple the records (they stop syncing)', { type: 'removeCoupling' }],
    ['restore', 're-create records in the app where they were deleted', { type: 'restore' }],
    ['delete', 'delete the surviving record of a pair deleted in one app', { type: 'delete' }],
    ['dismiss', "close the records' errors without changing anything", { type: 'dismiss' }],
  ];
  for (const [name, description, action] of simple) {
    program
      .command(name)
      .description(description)
      .argument('<ids...>', 'coupling ids, ERP/CRM ids or record numbers')
      .action((ids: string[]) => act(rt, name, action, ids));
  }
  program
    .command('synchronize')
    .description("resolve conflicts: the winner's values go to both apps")
    .requiredOption('--winner <side>', 'erp | crm')
    .argument('<ids...>', 'coupling ids, ERP/CRM ids or record numbers')
    .action(async (ids: string[], opts: { winner: string }) => {
      if (opts.winner !== 'erp' && opts.winner !== 'crm') {
        rt.fail(`--winner must be erp or crm, got "${opts.winner}"`);
        return;
      }
      await act(rt, 'synchronize', { type: 'synchronize', choice: { winner: opts.winner } }, ids);
    });
  program
    .command('couple')
    .description('couple an ERP record with a CRM record, then sync ERP → CRM')
    .argument('<erpId>')
    .argument('<crmId>')
    .option('--mapping <name>', 'mapping of the two records', 'customers')
    .action(async (erpId: string, crmId: string, opts: { mapping: string }) => {
      const ctx = await rt.context();
      const known = ctx.engine().mappings.map((m) => m.id);
      if (!known.includes(opts.mapping)) {
        rt.fail(`Unknown mapping ${opts.mapping}; known: ${known.join(', ')}`);
        return;
      }
      if (!(await appsReachable(rt, ctx.engine()))) return;
      const result = await ctx.engine().runAction({
        action: { type: 'couple', mappingId: opts.mapping, pairs: [{ erpId, crmId }] },
        targets: [],
        requestedBy: rt.actor,
      });
      const ok = result.outcomes.every((o) => o.status === 'succeeded');
      await ctx.store.audit.append({
        username: rt.actor,
        role: 'cli',
        action: 'cli.couple',
        target: `${opts.mapping}: ${erpId} ↔ ${crmId}`,
        recordCount: 1,
        outcome: ok ? 'succeeded' : 'failed',
        details: { jobId: result.jobId },
      });
      if (!ok) rt.exitCode = 1;
      rt.io.out(
        rt.json
          ? JSON.stringify(result, null, 2)
          : table(result.outcomes, ['couplingId', 'status', 'message']),
      );
    });
}
