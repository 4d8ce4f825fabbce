import type { AppRecord, Side } from '../ports';
import { entityOf, type JobContext } from './job-context';

/**
 * Finds the records of `side` whose `field` equals one of `values` (match-based coupling).
 * A few values: one filtered query per 50 values. Many values at once (a first sync of a large
 * table): one scan of (id, value) pairs of the whole side, kept for the rest of the job, then a
 * batched read of the matched ids only — so matching costs O(records), not a filtered query per
 * batch over a growing table. The scan holds ids and values only, never whole records.
 */
export async function findMatches(
  ctx: JobContext,
  side: Side,
  field: string,
  values: readonly string[],
): Promise<AppRecord[]> {
  const app = ctx.apps[side];
  const entity = entityOf(ctx.mapping, side);
  const key = `${side}:${field}`;
  const useIndex =
    app.listValues !== undefined &&
    (ctx.matchIndexes.has(key) || values.length >= ctx.matchIndexMin);
  if (!useIndex) return app.findByField(entity, field, values);
  const index = await indexOf(ctx, side, field);
  const ids = [...new Set(values.flatMap((v) => index.get(v) ?? []))];
  if (ids.length === 0) return [];
  return [...(await app.getMany(entity, ids)).values()];
}

async function indexOf(ctx: JobContext, side: Side, field: string): Promise<Map<string, string>> {
  const key = `${side}:${field}`;
  const known = ctx.matchIndexes.get(key);
  if (known) return known;
  const index = new Map<string, string>();
  const app = ctx.apps[side];
  if (app.listValues) {
    for await (const page of app.listValues(entityOf(ctx.mapping, side), field)) {
      for (const { id, value } of page) {
        if (typeof value === 'string' && value !== '' && !index.has(value)) index.set(value, id);
      }
    }
  }
  ctx.matchIndexes.set(key, index);
  return index;
}
