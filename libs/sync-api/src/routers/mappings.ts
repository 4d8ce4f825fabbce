import { z } from 'zod';
import { audited } from '../audit/audited';
import { idSchema } from '../inputs/common';
import { mappingUpdateInputSchema, pauseInputSchema } from '../inputs/mappings';
import {
  getMapping,
  listMappings,
  pauseMapping,
  resumeMapping,
  updateMapping,
} from '../queries/mappings';
import { adminProcedure, router, viewerProcedure } from '../trpc';

export const mappingsRouter = router({
  list: viewerProcedure.input(z.object({}).optional()).query(({ ctx }) => listMappings(ctx.deps)),

  get: viewerProcedure
    .input(z.object({ id: idSchema('id') }))
    .query(({ ctx, input }) => getMapping(ctx.deps, input.id)),

  /** Changes direction, policies, schedule, mode or error threshold (admin). */
  update: adminProcedure.input(mappingUpdateInputSchema).mutation(({ ctx, input }) =>
    audited(ctx, { action: 'mappings.update', target: `mapping ${input.id}` }, async () => {
      const before = await getMapping(ctx.deps, input.id);
      const after = await updateMapping(ctx.deps, input.id, input.patch, ctx.session.user.username);
      const changed = Object.fromEntries(
        Object.keys(input.patch).map((k) => [
          k,
          { before: before[k as keyof typeof before], after: after[k as keyof typeof after] },
        ]),
      );
      return { result: after, recordCount: 0, outcome: 'succeeded', details: { changed } };
    }),
  ),

  /** Stops scheduled and live runs of the mapping until resumed (admin). */
  pause: adminProcedure.input(pauseInputSchema).mutation(({ ctx, input }) =>
    audited(ctx, { action: 'mappings.pause', target: `mapping ${input.id}` }, async () => {
      const reason = input.reason || `paused by ${ctx.session.user.username}`;
      const after = await pauseMapping(ctx.deps, input.id, reason, ctx.session.user.username);
      return { result: after, recordCount: 0, outcome: 'succeeded', details: { reason } };
    }),
  ),

  resume: adminProcedure.input(z.object({ id: idSchema('id') })).mutation(({ ctx, input }) =>
    audited(ctx, { action: 'mappings.resume', target: `mapping ${input.id}` }, async () => {
      const after = await resumeMapping(ctx.deps, input.id, ctx.session.user.username);
      return { result: after, recordCount: 0, outcome: 'succeeded' };
    }),
  ),
});
