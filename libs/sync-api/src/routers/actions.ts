import type { ActiveSession, ApiContext } from '../context';
import { audited } from '../audit/audited';
import { overallOutcome, summarizeOutcomes } from '../audit/summarize-outcomes';
import {
  plainActionInputSchema,
  previewSynchronizeInputSchema,
  synchronizeInputSchema,
  type ActionTargetInput,
} from '../inputs/actions';
import type { ActionResponse } from '../outputs/actions';
import type { ActionTarget, EngineAction, TargetOutcome } from '../ports';
import { resolveTargets, type ResolvedTargets } from '../queries/action-targets';
import { dismissTargets, retryTargets } from '../queries/error-bookkeeping';
import { operatorProcedure, router, viewerProcedure } from '../trpc';

type OperatorContext = ApiContext & { session: ActiveSession };

/**
 * Tells live subscribers that the API's own job ended and closed errors (the engine did not see
 * it happen).
 */
function bookkeepingDone(ctx: OperatorContext, jobId: string, records: number): void {
  const at = ctx.deps.clock();
  ctx.deps.events.emit({
    type: 'jobProgress',
    jobId,
    mappingId: null,
    state: 'succeeded',
    processed: records,
    total: records,
    counters: {},
    at,
  });
  ctx.deps.events.emit({ type: 'errorsChanged', mappingId: null, at });
}

function describeTarget(target: ActionTargetInput): string {
  switch (target.by) {
    case 'errors':
      return `${target.errorIds.length} selected error(s)`;
    case 'couplings':
      return `${target.couplingIds.length} selected coupling(s)`;
    case 'filter':
      return `all errors matching ${JSON.stringify(target.filter)}`;
  }
}

function missingOutcomes(resolved: ResolvedTargets, by: ActionTargetInput['by']): TargetOutcome[] {
  return resolved.missing.map((id) => ({
    couplingId: by === 'couplings' ? id : null,
    errorId: by === 'errors' ? id : null,
    status: 'skipped',
    message: `${by === 'errors' ? 'error' : 'coupling'} ${id} does not exist`,
  }));
}

function uncoupledOutcomes(resolved: ResolvedTargets): TargetOutcome[] {
  return resolved.targets
    .filter((t) => !t.couplingId)
    .map((t) => ({
      couplingId: null,
      errorId: t.errorId,
      status: 'skipped',
      message: 'this error belongs to no coupled record',
    }));
}

/**
 * Resolves the target, runs the action (directly on the store or through the engine), and writes
 * one audit entry with the number of records and the outcome.
 */
async function runAction(
  ctx: OperatorContext,
  name: string,
  target: ActionTargetInput,
  perform: (
    resolved: ResolvedTargets,
  ) => Promise<{ jobId: string | null; jobIds?: string[]; outcomes: TargetOutcome[] }>,
  extraDetails: Record<string, unknown> = {},
): Promise<ActionResponse> {
  return audited(ctx, { action: `actions.${name}`, target: describeTarget(target) }, async () => {
    const resolved = await resolveTargets(ctx.deps.store, target);
    const { jobId, jobIds, outcomes } = await perform(resolved);
    const response = summarizeOutcomes(
      jobId,
      [...outcomes, ...missingOutcomes(resolved, target.by)],
      ctx.deps.settings.maxOutcomesReturned,
      jobIds ?? (jobId ? [jobId] : []),
    );
    return {
      result: response,
      recordCount: response.total,
      outcome: overallOutcome(response),
      details: {
        ...extraDetails,
        jobIds: response.jobIds,
        succeeded: response.succeeded,
        failed: response.failed,
        skipped: response.skipped,
      },
    };
  });
}

/**
 * Runs an engine action on the coupled targets, one engine job per mapping (the engine runs an
 * action within one mapping); outcomes of all jobs are merged.
 */
function viaEngine(ctx: OperatorContext, action: EngineAction) {
  return async (resolved: ResolvedTargets) => {
    const byMapping = new Map<string, ActionTarget[]>();
    for (const t of resolved.targets) {
      if (!t.couplingId) continue;
      const list = byMapping.get(t.mappingId) ?? [];
      list.push({ couplingId: t.couplingId, errorId: t.errorId });
      byMapping.set(t.mappingId, list);
    }
    const outcomes: TargetOutcome[] = [];
    const jobIds: string[] = [];
    for (const targets of byMapping.values()) {
      const result = await ctx.deps.engine.runAction({
        action,
        targets,
        requestedBy: ctx.session.user.username,
      });
      jobIds.push(result.jobId);
      outcomes.push(...result.outcomes);
    }
    return {
      jobId: jobIds[0] ?? null,
      jobIds,
      outcomes: [...outcomes, ...uncoupledOutcomes(resolved)],
    };
  };
}

export const actionsRouter = router({
  /** Clears Skipped so the next sync includes the records again, and closes their errors (on the store). */
  retry: operatorProcedure.input(plainActionInputSchema).mutation(({ ctx, input }) =>
    runAction(ctx, 'retry', input.target, async (resolved) => {
      const targets = resolved.targets.filter((t) => t.couplingId);
      if (targets.length === 0) return { jobId: null, outcomes: uncoupledOutcomes(resolved) };
      const done = await retryTargets(ctx.deps.store, targets, ctx.session.user.username);
      bookkeepingDone(ctx, done.jobId, targets.length);
      return { jobId: done.jobId, outcomes: [...done.outcomes, ...uncoupledOutcomes(resolved)] };
    }),
  ),

  /** Closes the errors; records and couplings stay as they are (done on the store). */
  dismiss: operatorProcedure.input(plainActionInputSchema).mutation(({ ctx, input }) =>
    runAction(ctx, 'dismiss', input.target, async (resolved) => {
      if (resolved.targets.length === 0) return { jobId: null, outcomes: [] };
      const done = await dismissTargets(
        ctx.deps.store,
        resolved.targets,
        ctx.session.user.username,
      );
      bookkeepingDone(ctx, done.jobId, resolved.targets.length);
      return done;
    }),
  ),

  /** The records stay in both apps but are no longer coupled or synced. */
  removeCoupling: operatorProcedure
    .input(plainActionInputSchema)
    .mutation(({ ctx, input }) =>
      runAction(ctx, 'removeCoupling', input.target, viaEngine(ctx, { type: 'removeCoupling' })),
    ),

  /** Resolves a conflict: one side wins for every field, or a per-field choice. */
  synchronize: operatorProcedure
    .input(synchronizeInputSchema)
    .mutation(({ ctx, input }) =>
      runAction(
        ctx,
        'synchronize',
        input.target,
        viaEngine(ctx, { type: 'synchronize', choice: input.choice }),
        { choice: input.choice },
      ),
    ),

  /** What a synchronize choice would write to each app, without writing. */
  previewSynchronize: viewerProcedure
    .input(previewSynchronizeInputSchema)
    .query(({ ctx, input }) => ctx.deps.engine.previewSynchronize(input.couplingId, input.choice)),

  /** Re-creates the record in the app where it was deleted. */
  restore: operatorProcedure
    .input(plainActionInputSchema)
    .mutation(({ ctx, input }) =>
      runAction(ctx, 'restore', input.target, viaEngine(ctx, { type: 'restore' })),
    ),

  /** Deletes the record from the app where it still exists. */
  delete: operatorProcedure
    .input(plainActionInputSchema)
    .mutation(({ ctx, input }) =>
      runAction(ctx, 'delete', input.target, viaEngine(ctx, { type: 'delete' })),
    ),
});
