import { z } from 'zod';
import { audited } from '../audit/audited';
import { overallOutcome, summarizeOutcomes } from '../audit/summarize-outcomes';
import { InvalidStateError } from '../errors/domain-errors';
import { coupleInputSchema } from '../inputs/actions';
import { cursorSchema, idSchema, pageSizeSchema } from '../inputs/common';
import { couplingsOfRecords, listCouplings } from '../queries/couplings';
import { getJob } from '../queries/jobs';
import { getMapping } from '../queries/mappings';
import { operatorProcedure, router, viewerProcedure } from '../trpc';

export const couplingsRouter = router({
  /**
   * Match-based coupling preview: the ERP/CRM pairs a dry run (`jobs.start({ dryRun: true })`)
   * found equal on the mapping's match fields and would couple. Read while or after it runs.
   */
  matchPreview: viewerProcedure
    .input(z.object({ jobId: idSchema('jobId'), limit: pageSizeSchema, cursor: cursorSchema }))
    .query(async ({ ctx, input }) => {
      const job = await getJob(ctx.deps.store, input.jobId);
      if (!job.dryRun) {
        throw new InvalidStateError(
          `Job ${input.jobId} is not a dry run; start one with jobs.start({ dryRun: true })`,
        );
      }
      const page = await ctx.deps.store.history.listForJob(input.jobId, {
        outcome: 'preview:couple',
        limit: input.limit,
        cursor: input.cursor ?? null,
      });
      return {
        job,
        items: page.items.map((e) => ({ erpId: e.erpId, crmId: e.crmId, message: e.message })),
        nextCursor: page.nextCursor,
      };
    }),

  /** Couplings, optionally of one mapping, only Skipped ones, or matching a text. */
  list: viewerProcedure
    .input(
      z
        .object({
          mappingId: idSchema('mappingId').optional(),
          skipped: z.boolean({ error: 'skipped must be true or false' }).optional(),
          search: z.string().trim().max(200, 'search is at most 200 characters').optional(),
          limit: pageSizeSchema,
          cursor: cursorSchema,
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => listCouplings(ctx.deps.store, input)),

  /** Couples an ERP record with a CRM record by hand (through the engine). */
  couple: operatorProcedure.input(coupleInputSchema).mutation(({ ctx, input }) =>
    audited(
      ctx,
      {
        action: 'couplings.couple',
        target: `ERP ${input.erpId} ↔ CRM ${input.crmId} in ${input.mappingId}`,
      },
      async () => {
        await getMapping(ctx.deps, input.mappingId);
        const existing = await couplingsOfRecords(
          ctx.deps.store,
          input.mappingId,
          input.erpId,
          input.crmId,
        );
        if (existing.length > 0) {
          throw new InvalidStateError(
            `Already coupled: coupling ${existing.map((c) => c.couplingId).join(', ')} holds one of these records; remove it first`,
          );
        }
        const result = await ctx.deps.engine.runAction({
          action: {
            type: 'couple',
            mappingId: input.mappingId,
            pairs: [{ erpId: input.erpId, crmId: input.crmId }],
          },
          targets: [],
          requestedBy: ctx.session.user.username,
        });
        const response = summarizeOutcomes(
          result.jobId,
          result.outcomes,
          ctx.deps.settings.maxOutcomesReturned,
        );
        return {
          result: response,
          recordCount: response.total,
          outcome: overallOutcome(response),
          details: { jobId: result.jobId },
        };
      },
    ),
  ),
});
