import type { Coupling, Store } from '@twinsync/sync-store';
import { tables, toCoupling } from '@twinsync/sync-store';

/**
 * Store queries the engine needs that sync-store has no repository method for: the couplings a
 * run retries (several states, not Skipped, keyset-paged). Uses the store's own table and columns.
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
      const q = knex(tables.couplings)
        .where('mapping_id', mappingId)
        .whereIn('state', [...states])
        .where('skipped', false);
      if (afterId !== null) q.where('id', '>', afterId);
      const rows = (await q.orderBy('id').limit(limit)) as Record<string, unknown>[];
      return rows.map(toCoupling);
    },
  };
}
