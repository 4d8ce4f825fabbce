import type { Coupling, Store } from '@twinsync/sync-store';
import { tables, toCoupling } from '@twinsync/sync-store';

/**
 * Store queries the engine needs that sync-store has no repository method for: the couplings a
 * run retries (several states, keyset-paged; Skipped ones included, the caller leaves them out).
 * Uses the store's own table and columns.
 */
export interface StoreExtras {
  couplingsInStates(
    mappingId: string,
    states: readonly string[],
    afterId: string | null,
    limit: number,
  ): Promise<Coupling[]>;
}

export function createStoreExtras(store: Store): StoreExtras {
  const { knex } = store;
  return {
    async couplingsInStates(mappingId, states, afterId, limit) {
      // No `skipped = false` here: with it SQLite walks the (mapping, skipped, id) index through
      // every coupling of the mapping (26 ms at 200k, every run) instead of the few in these
      // states through (mapping, state, id) — P2's cost grew with the table.
      const q = knex(tables.couplings)
        .where('mapping_id', mappingId)
        .whereIn('state', [...states]);
      if (afterId !== null) q.where('id', '>', afterId);
      const rows = (await q.orderBy('id').limit(limit)) as Record<string, unknown>[];
      return rows.map(toCoupling);
    },
  };
}
