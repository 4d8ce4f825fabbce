import { z } from 'zod';
import { idSchema } from '../inputs/common';
import { liveEvents } from '../live/live-events';
import { router, viewerProcedure } from '../trpc';

export const liveRouter = router({
  /** Job progress and error-count changes (SSE; use `httpSubscriptionLink` on the client). */
  events: viewerProcedure
    .input(z.object({ mappingId: idSchema('mappingId').optional() }).optional())
    .subscription(({ ctx, input, signal }) =>
      liveEvents(ctx.deps, { mappingId: input?.mappingId ?? null, signal }),
    ),
});
