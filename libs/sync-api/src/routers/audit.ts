import { z } from 'zod';
import { cursorSchema, isoDateSchema, pageSizeSchema } from '../inputs/common';
import { listAudit } from '../queries/audit';
import { router, viewerProcedure } from '../trpc';

export const auditRouter = router({
  /** Every admin action, newest first: who, when, what, how many records, outcome. */
  list: viewerProcedure
    .input(
      z
        .object({
          actor: z.string().trim().min(1).max(100, 'actor is at most 100 characters').optional(),
          action: z.string().trim().min(1).max(100, 'action is at most 100 characters').optional(),
          /** Entries at or after this time. */
          from: isoDateSchema('from').optional(),
          /** Entries before this time. */
          to: isoDateSchema('to').optional(),
          limit: pageSizeSchema,
          cursor: cursorSchema,
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => listAudit(ctx.deps.store, input)),
});
