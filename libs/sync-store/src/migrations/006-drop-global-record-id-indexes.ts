import type { Knex } from 'knex';
import { tables } from './tables';
import type { StoreMigration } from './migration-source';

/**
 * Drops the indexes on `erp_id` and `crm_id` alone (ADR 016). The unique `(mapping_id, erp_id)`
 * and `(mapping_id, crm_id)` indexes answer the same lookups (findByAnyKey names the mappings),
 * and every coupling written paid for both copies: on a first sync of 100k records, two of the
 * indexes with random keys, and so most of the store's writes.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(tables.couplings, (t) => {
    t.dropIndex(['erp_id'], 'ix_couplings_erp');
    t.dropIndex(['crm_id'], 'ix_couplings_crm');
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(tables.couplings, (t) => {
    t.index(['erp_id'], 'ix_couplings_erp');
    t.index(['crm_id'], 'ix_couplings_crm');
  });
}

export const dropGlobalRecordIdIndexes: StoreMigration = {
  name: '006-drop-global-record-id-indexes',
  up,
  down,
};
