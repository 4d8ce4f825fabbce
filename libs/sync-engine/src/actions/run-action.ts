import type { Coupling } from '@twinsync/sync-store';
import type { Decision } from '../domain/model';
import type { JobContext } from '../jobs/job-context';
import { entityOf } from '../jobs/job-context';
import { planDecision, projectWork, decideAndPlan } from '../jobs/plan';
import { executeWorks, loadWorks, type Candidate } from '../jobs/process-batch';
import type { Work } from '../jobs/work';
import { differences, synchronizedValues } from './synchronize-values';
import type { ActionTarget, EngineAction, TargetOutcome } from './types';

type Planned = { work: Work; target: ActionTarget } | { refused: TargetOutcome };

function refuse(target: ActionTarget, message: string): Planned {
  return {
    refused: { couplingId: target.couplingId, errorId: target.errorId, status: 'skipped', message },
  };
}

/** Plans one admin action on one loaded pair, or refuses it with a plain reason. */
function planAction(
  ctx: JobContext,
  action: EngineAction,
  work: Work,
  target: ActionTarget,
): Planned {
  projectWork(ctx, work);
  const { erpCanon: erp, crmCanon: crm } = work;
  const fields = ctx.mapping.fields;
  const base = work.coupling?.base ?? null;
  switch (action.type) {
    case 'removeCoupling':
      planDecision(ctx, work, { type: 'unchanged', base: base ?? {} });
      work.intent = { type: 'remove-coupling', reason: 'Coupling removed by an admin.' };
      return { work, target };
    case 'synchronize': {
      if (!erp || !crm) {
        return refuse(target, 'One of the records was deleted: use Restore or Delete instead.');
      }
      const result = synchronizedValues(fields, base, erp, crm, action.choice);
      const toErp = differences(fields, erp, result);
      const toCrm = differences(fields, crm, result);
      const hasErp = Object.keys(toErp).length > 0;
      const hasCrm = Object.keys(toCrm).length > 0;
      const decision: Decision =
        hasErp && hasCrm
          ? { type: 'merge', toErp, toCrm, base: result }
          : hasErp
            ? { type: 'update', target: 'erp', values: toErp, base: result, merged: false }
            : hasCrm
              ? { type: 'update', target: 'crm', values: toCrm, base: result, merged: false }
              : { type: 'unchanged', base: result };
      planDecision(ctx, work, decision);
      return { work, target };
    }
    case 'restore':
    case 'delete': {
      if (erp && crm) {
        return refuse(
          target,
          `Both records exist; ${action.type === 'restore' ? 'Restore' : 'Delete'} is for a record deleted in one app.`,
        );
      }
      if (!erp && !crm)
        return refuse(target, 'Both records are gone; remove the coupling instead.');
      const deletedIn = erp ? 'crm' : 'erp';
      planDecision(
        ctx,
        work,
        { type: 'deleted', deletedIn },
        action.type === 'restore' ? 'restore' : 'delete-survivor',
      );
      return { work, target };
    }
    case 'couple':
      decideAndPlan(ctx, work);
      return { work, target };
    case 'retry':
    case 'dismiss':
      return refuse(target, `${action.type} changes no record`);
  }
}

/**
 * Runs an admin action on couplings of one mapping: loads both records of every target in
 * batches, plans the action's writes, sends them through the same batched, conditional writes as
 * a sync run, and commits outcomes, history and resolved errors.
 */
export async function runActionOnCouplings(
  ctx: JobContext,
  action: EngineAction,
  items: readonly { target: ActionTarget; coupling: Coupling }[],
  newId: () => string,
): Promise<TargetOutcome[]> {
  const candidates: Candidate[] = items.map(({ coupling }) => ({ coupling, origin: 'erp' }));
  const works = await loadWorks(ctx, candidates, newId);
  const planned = works.map((work, i) => {
    const target = items[i]?.target ?? { couplingId: work.couplingId, errorId: null };
    if (work.failure) {
      return {
        refused: {
          couplingId: target.couplingId,
          errorId: target.errorId,
          status: 'failed' as const,
          message: work.failure.message,
        },
      };
    }
    return planAction(ctx, action, work, target);
  });
  const toRun = planned.flatMap((p) => ('work' in p ? [p] : []));
  const results = await executeWorks(
    ctx,
    toRun.map((p) => p.work),
    null,
  );
  const byCoupling = new Map(toRun.map((p, i) => [p.target.couplingId, results[i]]));
  return planned.map((p) => {
    if ('refused' in p) return p.refused;
    const result = byCoupling.get(p.target.couplingId);
    const error = result?.error;
    return {
      couplingId: p.target.couplingId,
      errorId: p.target.errorId,
      status: error ? 'failed' : 'succeeded',
      message: error ? error.message : null,
    };
  });
}

/** Couple manually: reads both records, refuses pairs already coupled, then syncs ERP → CRM. */
export async function coupleRecords(
  ctx: JobContext,
  pairs: ReadonlyArray<{ erpId: string; crmId: string }>,
  newId: () => string,
): Promise<TargetOutcome[]> {
  const { mapping } = ctx;
  const [erpRecords, crmRecords, byErp, byCrm] = await Promise.all([
    ctx.apps.erp.getMany(
      entityOf(mapping, 'erp'),
      pairs.map((p) => p.erpId),
    ),
    ctx.apps.crm.getMany(
      entityOf(mapping, 'crm'),
      pairs.map((p) => p.crmId),
    ),
    ctx.store.couplings.findManyByRecordIds(
      mapping.id,
      'erp',
      pairs.map((p) => p.erpId),
    ),
    ctx.store.couplings.findManyByRecordIds(
      mapping.id,
      'crm',
      pairs.map((p) => p.crmId),
    ),
  ]);
  const coupledErp = new Set(byErp.map((c) => c.erpId));
  const coupledCrm = new Set(byCrm.map((c) => c.crmId));
  const outcomes: TargetOutcome[] = [];
  const candidates: Candidate[] = [];
  const accepted: number[] = [];
  pairs.forEach((pair, index) => {
    const erp = erpRecords.get(pair.erpId);
    const crm = crmRecords.get(pair.crmId);
    const fail = (message: string) =>
      outcomes.push({ couplingId: null, errorId: null, status: 'failed', message });
    if (!erp) return fail(`The ERP record ${pair.erpId} does not exist.`);
    if (!crm) return fail(`The CRM record ${pair.crmId} does not exist.`);
    if (coupledErp.has(pair.erpId)) return fail(`The ERP record ${pair.erpId} is already coupled.`);
    if (coupledCrm.has(pair.crmId)) return fail(`The CRM record ${pair.crmId} is already coupled.`);
    outcomes.push({ couplingId: null, errorId: null, status: 'succeeded', message: null });
    candidates.push({ coupling: null, origin: 'erp', erp, crm });
    accepted.push(index);
  });
  const works = await loadWorks(ctx, candidates, newId);
  for (const w of works) decideAndPlan(ctx, w);
  const results = await executeWorks(ctx, works, null);
  results.forEach((result, i) => {
    const index = accepted[i] ?? -1;
    const outcome = outcomes[index];
    if (!outcome) return;
    outcome.couplingId = works[i]?.couplingId ?? null;
    if (result.error) {
      outcome.status = 'failed';
      outcome.message = result.error.message;
    }
  });
  return outcomes;
}
