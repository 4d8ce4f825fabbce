import type { ActionTargetInput } from '../inputs/actions';
import type { ActionTarget } from '../ports';
import type { ApiStore } from '../store';
import { applyErrorFilter } from './errors-list';
import { rowsOf, str, strOrNull } from './row-values';
import { tables } from './tables';

/** SQLite allows 999 bound parameters per statement by default; stay well under it. */
export const idChunkSize = 500;

export function chunks<T>(items: readonly T[], size = idChunkSize): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ResolvedTargets {
  targets: ActionTarget[];
  /** Requested ids that matched nothing (reported as `skipped` outcomes). */
  missing: string[];
}

/**
 * Turns "these errors", "these couplings" or "every error matching this filter" into concrete
 * (coupling, error) targets. Errors without a coupling are kept with an empty couplingId so the
 * caller can report them.
 */
export async function resolveTargets(
  store: ApiStore,
  target: ActionTargetInput,
): Promise<ResolvedTargets> {
  const { knex } = store;
  const toTarget = (r: Record<string, unknown>): ActionTarget => ({
    couplingId: strOrNull(r, 'coupling_id') ?? '',
    errorId: str(r, 'id'),
  });
  switch (target.by) {
    case 'errors': {
      const ids = [...new Set(target.errorIds)];
      const rows = [];
      for (const part of chunks(ids)) {
        rows.push(
          ...rowsOf(await knex(tables.errors).select('id', 'coupling_id').whereIn('id', part)),
        );
      }
      const found = new Set(rows.map((r) => str(r, 'id')));
      return { targets: rows.map(toTarget), missing: ids.filter((id) => !found.has(id)) };
    }
    case 'couplings': {
      const ids = [...new Set(target.couplingIds)];
      const found = new Set<string>();
      for (const part of chunks(ids)) {
        for (const r of rowsOf(await knex(tables.couplings).select('id').whereIn('id', part))) {
          found.add(str(r, 'id'));
        }
      }
      return {
        targets: ids
          .filter((id) => found.has(id))
          .map((couplingId) => ({ couplingId, errorId: null })),
        missing: ids.filter((id) => !found.has(id)),
      };
    }
    case 'filter': {
      const query = applyErrorFilter(
        knex(`${tables.errors} as e`).select('e.id', 'e.coupling_id'),
        target.filter,
      );
      return { targets: rowsOf(await query.orderBy('e.id')).map(toTarget), missing: [] };
    }
  }
}
