import type { ActionTargetInput } from '../inputs/actions';
import type { ActionTarget } from '../ports';
import type { ApiStore } from '../store';
import { toStoreFilter } from './errors-list';

/** Error targets fetched per round trip when an action applies to "everything matching". */
const filterPageSize = 5000;

/** A target and the mapping its record belongs to (engine actions run per mapping). */
export interface MappedTarget extends ActionTarget {
  mappingId: string;
}

export interface ResolvedTargets {
  targets: MappedTarget[];
  /** Requested ids that matched nothing (reported as `skipped` outcomes). */
  missing: string[];
}

/**
 * Turns "these errors", "these couplings" or "every open error matching this filter" into concrete
 * (coupling, error) targets. Errors without a coupling are kept with an empty couplingId so the
 * caller can report them.
 */
export async function resolveTargets(
  store: ApiStore,
  target: ActionTargetInput,
): Promise<ResolvedTargets> {
  switch (target.by) {
    case 'errors': {
      const ids = [...new Set(target.errorIds)];
      const found = await store.errors.getMany(ids);
      const known = new Set(found.map((e) => e.id));
      return {
        targets: found.map((e) => ({
          couplingId: e.couplingId ?? '',
          errorId: e.id,
          mappingId: e.mappingId,
        })),
        missing: ids.filter((id) => !known.has(id)),
      };
    }
    case 'couplings': {
      const ids = [...new Set(target.couplingIds)];
      const known = new Map((await store.couplings.getMany(ids)).map((c) => [c.id, c.mappingId]));
      return {
        targets: ids.flatMap((couplingId) => {
          const mappingId = known.get(couplingId);
          return mappingId ? [{ couplingId, errorId: null, mappingId }] : [];
        }),
        missing: ids.filter((id) => !known.has(id)),
      };
    }
    case 'filter': {
      const filter = toStoreFilter(target.filter);
      const targets: MappedTarget[] = [];
      let cursor: string | null = null;
      // Bounded: every page advances the id cursor; the loop ends on the last page.
      do {
        const page = await store.errors.listTargets(filter, { limit: filterPageSize, cursor });
        targets.push(
          ...page.items.map((t) => ({
            couplingId: t.couplingId ?? '',
            errorId: t.id,
            mappingId: t.mappingId,
          })),
        );
        cursor = page.nextCursor;
      } while (cursor);
      return { targets, missing: [] };
    }
  }
}
