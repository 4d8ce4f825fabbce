import { z } from 'zod';
import { idSchema } from '../inputs/common';
import { errorFilterSchema, errorListInputSchema } from '../inputs/errors';
import { getErrorDetail } from '../queries/error-detail';
import { countErrors, listErrors } from '../queries/errors-list';
import { router, viewerProcedure } from '../trpc';

export const errorsRouter = router({
  /** One page of errors; pass `nextCursor` back as `cursor` for the next page. */
  list: viewerProcedure
    .input(errorListInputSchema)
    .query(({ ctx, input }) => listErrors(ctx.deps.store, input)),

  /** Totals per kind and per state for the same filter as `list`. */
  counts: viewerProcedure
    .input(z.object({ filter: errorFilterSchema.default({}) }))
    .query(({ ctx, input }) => countErrors(ctx.deps.store, input.filter)),

  /** One error: ERP / base / CRM values per field, what changed on each side, every occurrence. */
  detail: viewerProcedure
    .input(z.object({ id: idSchema('id') }))
    .query(({ ctx, input }) => getErrorDetail(ctx.deps.store, input.id)),
});
