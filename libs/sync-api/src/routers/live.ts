import { z } from 'zod';
import { idSchema } from '../inputs/common';
import { liveEvents } from '../live/live-events';
import { liveSyncOff, type LiveStatusView } from '../outputs/live';
import { router, viewerProcedure } from '../trpc';

export const liveRouter = router({
  /** Job progress and error-count changes (SSE; use `httpSubscriptionLink` on the client). */
  events: viewerProcedure
    .input(z.object({ mappingId: idSchema('mappingId').optional() }).optional())
    .subscription(({ ctx, input, signal }) =>
      liveEvents(ctx.deps, { mappingId: input?.mappingId ?? null, signal }),
    ),
  /** Whether live sync runs, and per mapping its lag and the last change notice received. */
  status: viewerProcedure
    .input(z.object({}).optional())
    .query(async ({ ctx }): Promise<LiveStatusView> => {
      const source = ctx.deps.liveStatus;
      return source ? await source() : liveSyncOff;
    }),
});
