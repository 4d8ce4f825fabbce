import type { Knex } from 'knex';
import { tables } from './tables';
import type { StoreMigration } from './migration-source';

/**
 * The ERP change token as of the listing a partitioned first sync's chunks were cut from (ADR
 * 015): the coordinator's own pass reads the ERP from it instead of every record again. Kept on
 * each chunk row, written with them in one transaction, so a coordinator taken over finds it
 * whenever it finds the chunks.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(tables.jobChunks, (t) => {
    t.text('erp_token').nullable();
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(tables.jobChunks, (t) => {
    t.dropColumn('erp_token');
  });
}

export const chunkListingToken: StoreMigration = { name: '005-chunk-listing-token', up, down };
