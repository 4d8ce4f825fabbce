import type { Knex } from 'knex';
import { tables } from './tables';
import type { StoreMigration } from './migration-source';

/**
 * History no longer indexes every event by its ERP and CRM id (ADR 016, P1). Those two indexes
 * served one rare question, "the log of a record whose coupling is gone", and every sync event
 * paid for them: the ERP's ids are random, so each event was an insert at a random place of an
 * index as large as the history. A first sync of 20k records spent 14 % of its CPU there.
 *
 * Instead, removing a coupling leaves a row here (its ids), and that log is read through it and
 * the history's coupling index. Couplings removed before this migration get their rows from the
 * history they left behind.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(tables.removedCouplings, (t) => {
    t.string('coupling_id', 36).primary();
    t.string('mapping_id', 64).notNullable();
    t.string('erp_id', 64).nullable();
    t.string('crm_id', 64).nullable();
    t.string('removed_at', 32).notNullable();
    t.index(['mapping_id', 'erp_id'], 'ix_removed_couplings_erp');
    t.index(['mapping_id', 'crm_id'], 'ix_removed_couplings_crm');
  });
  await knex.raw(
    `INSERT INTO ${tables.removedCouplings} (coupling_id, mapping_id, erp_id, crm_id, removed_at)
     SELECT coupling_id, MAX(mapping_id), MAX(erp_id), MAX(crm_id), MAX(at)
     FROM ${tables.history} h
     WHERE coupling_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM ${tables.couplings} c WHERE c.id = h.coupling_id)
     GROUP BY coupling_id`,
  );
  await knex.schema.alterTable(tables.history, (t) => {
    t.dropIndex([], 'ix_history_erp_at');
    t.dropIndex([], 'ix_history_crm_at');
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(tables.history, (t) => {
    t.index(['mapping_id', 'erp_id', 'at', 'id'], 'ix_history_erp_at');
    t.index(['mapping_id', 'crm_id', 'at', 'id'], 'ix_history_crm_at');
  });
  await knex.schema.dropTable(tables.removedCouplings);
}

export const removedCouplings: StoreMigration = {
  name: '008-removed-couplings',
  up,
  down,
};
