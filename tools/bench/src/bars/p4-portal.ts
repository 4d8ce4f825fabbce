import { existsSync } from 'node:fs';
import { formatCount, formatMs, formatSpread } from '../report';

/** What the e2e project's P4 portal benchmark returns. */
interface FirstPageResult {
  errors: number;
  samplesMs: number[];
  p50Ms: number;
  maxMs: number;
  seedMs: number;
}

/** The e2e project's portal benchmark, loaded at run time (a bench script, not its API). */
const entry = new URL('../../../../apps/e2e/src/bench/portal-first-page.ts', import.meta.url);

/**
 * The portal half of P4: ms from navigation to the first errors row in Chromium, behind the real
 * sync server on a real store. Returns a sentence for the notes and the figure, or why not.
 */
export async function portalFirstPage(
  errors: number,
  runs: number,
): Promise<{
  text: string;
  p50Ms: number | null;
  maxMs: number | null;
  result: FirstPageResult | null;
}> {
  if (!existsSync(entry))
    return {
      text: 'not available: the e2e portal benchmark is absent',
      p50Ms: null,
      maxMs: null,
      result: null,
    };
  try {
    const mod = (await import(entry.href)) as { measurePortalFirstPage?: unknown };
    if (typeof mod.measurePortalFirstPage !== 'function')
      return {
        text: 'not available: measurePortalFirstPage is not exported',
        p50Ms: null,
        maxMs: null,
        result: null,
      };
    const measure = mod.measurePortalFirstPage as (o: {
      errors: number;
      runs: number;
    }) => Promise<FirstPageResult>;
    const r = await measure({ errors, runs });
    return {
      text:
        `portal first page in Chromium (apps/e2e portal-first-page, ${formatCount(r.errors)} errors, ` +
        `real sync server and store): ${formatSpread(r.samplesMs, formatMs)}`,
      p50Ms: r.p50Ms,
      maxMs: r.maxMs,
      result: r,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      text: `portal first page not available: ${reason}`,
      p50Ms: null,
      maxMs: null,
      result: null,
    };
  }
}
