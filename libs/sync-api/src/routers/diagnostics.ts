import { z } from 'zod';
import {
  mappingFindings,
  probeFinding,
  schedulerFinding,
  type Finding,
} from '../diagnostics/findings';
import { definitionsOf, listMappings } from '../queries/mappings';
import { watermarksByMapping } from '../queries/watermarks';
import { router, viewerProcedure } from '../trpc';

export const diagnosticsRouter = router({
  /**
   * "All errors are resolved but records still do not sync": checks both apps, the scheduler and
   * every mapping, and explains each finding in plain words. Problems first.
   */
  run: viewerProcedure.input(z.object({}).optional()).query(async ({ ctx }) => {
    const { engine, store } = ctx.deps;
    const [probes, mappings, watermarks] = await Promise.all([
      engine.probeApps(),
      listMappings(ctx.deps),
      watermarksByMapping(store),
    ]);
    const definitions = definitionsOf(ctx.deps);
    const findings: Finding[] = [
      ...probes.map(probeFinding),
      schedulerFinding(engine.schedulerStatus(), ctx.deps.clock()),
      ...mappings.flatMap((m) =>
        mappingFindings(m, watermarks.get(m.id) ?? [], ctx.deps, definitions),
      ),
    ];
    const rank = { problem: 0, warning: 1, ok: 2 } as const;
    findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
    return {
      checkedAt: ctx.deps.clock().toISOString(),
      healthy: findings.every((f) => f.severity === 'ok'),
      findings,
    };
  }),
});
