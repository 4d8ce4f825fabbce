import { z } from 'zod';
import { cursorSchema, idSchema, pageSizeSchema, runDirectionSchema } from '../inputs/common';
import { listErrors } from '../queries/errors-list';
import { getJob, listJobs } from '../queries/jobs';
import { jobRecords } from '../queries/job-records';
import { audited } from '../audit/audited';
import { operatorProcedure, router, viewerProcedure } from '../trpc';

export const jobsRouter = router({
  /** Scheduled and manual jobs, newest first, with counters and duration. */
  list: viewerProcedure
    .input(
      z
        .object({
          mappingId: idSchema('mappingId').optional(),
          states: z.array(z.string().min(1).max(32)).max(10).optional(),
          trigger: z.string().min(1).max(32).optional(),
          limit: pageSizeSchema,
          cursor: cursorSchema,
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => listJobs(ctx.deps.store, input)),

  /** One job with the first page of its errors and of the records it touched. */
  get: viewerProcedure
    .input(z.object({ id: idSchema('id'), limit: pageSizeSchema }))
    .query(async ({ ctx, input }) => {
      const job = await getJob(ctx.deps.store, input.id);
      const [errors, records] = await Promise.all([
        listErrors(ctx.deps.store, {
          filter: { jobId: input.id },
          sort: 'lastSeenAt',
          order: 'desc',
          limit: input.limit,
          cursor: null,
        }),
        jobRecords(ctx.deps.store, input.id, { limit: input.limit, cursor: null }),
      ]);
      return { job, errors, records };
    }),

  /** Records one job touched (history events of the job), in the order written. */
  records: viewerProcedure
    .input(
      z.object({
        id: idSchema('id'),
        /** Only events with this outcome (e.g. inserted, modified, conflict, failed). */
        outcome: z.string().trim().min(1).max(32, 'outcome is at most 32 characters').optional(),
        limit: pageSizeSchema,
        cursor: cursorSchema,
      }),
    )
    .query(({ ctx, input }) => jobRecords(ctx.deps.store, input.id, input)),

  /** Starts a manual sync (or a dry run that writes to neither app) of one mapping. */
  start: operatorProcedure
    .input(
      z.object({
        mappingId: idSchema('mappingId'),
        direction: runDirectionSchema.default('both'),
        dryRun: z.boolean({ error: 'dryRun must be true or false' }).default(false),
      }),
    )
    .mutation(({ ctx, input }) =>
      audited(
        ctx,
        {
          action: input.dryRun ? 'jobs.dryRun' : 'jobs.start',
          target: `mapping ${input.mappingId} (${input.direction})`,
        },
        async () => {
          const started = await ctx.deps.engine.startSyncJob({
            ...input,
            requestedBy: ctx.session.user.username,
          });
          return {
            result: started,
            recordCount: 0,
            outcome: 'succeeded',
            details: { jobId: started.jobId },
          };
        },
      ),
    ),

  cancel: operatorProcedure.input(z.object({ id: idSchema('id') })).mutation(({ ctx, input }) =>
    audited(ctx, { action: 'jobs.cancel', target: `job ${input.id}` }, async () => {
      await getJob(ctx.deps.store, input.id);
      const result = await ctx.deps.engine.cancelJob(input.id, ctx.session.user.username);
      return {
        result,
        recordCount: 0,
        outcome: result.cancelled ? 'succeeded' : 'noop',
        details: result,
      };
    }),
  ),
});
