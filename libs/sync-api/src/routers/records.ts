import { z } from 'zod';
import { cursorSchema, idSchema, pageSizeSchema } from '../inputs/common';
import { recordLog, searchRecords } from '../queries/record-log';
import { router, viewerProcedure } from '../trpc';

const recordKeySchema = z.union(
  [
    z.object({ couplingId: idSchema('couplingId') }),
    z.object({ erpId: idSchema('erpId') }),
    z.object({ recordNumber: idSchema('recordNumber') }),
    z.object({ crmId: idSchema('crmId') }),
  ],
  { error: 'record must be one of { couplingId } | { erpId } | { recordNumber } | { crmId }' },
);

export const recordsRouter = router({
  /** The synchronization log of one record: every event across all jobs, newest first. */
  log: viewerProcedure
    .input(z.object({ record: recordKeySchema, limit: pageSizeSchema, cursor: cursorSchema }))
    .query(({ ctx, input }) =>
      recordLog(ctx.deps.store, input.record, {
        limit: input.limit,
        cursor: input.cursor,
      }),
    ),

  /** Coupled records whose number or name contains `text` (or whose id equals it). */
  search: viewerProcedure
    .input(
      z.object({
        text: z
          .string()
          .trim()
          .min(1, 'text must not be empty')
          .max(200, 'text is at most 200 characters'),
        mappingId: idSchema('mappingId').optional(),
        limit: pageSizeSchema,
      }),
    )
    .query(({ ctx, input }) => searchRecords(ctx.deps.store, input)),
});
