import type { Knex } from 'knex';
import { tables } from './tables';
import type { StoreMigration } from './migration-source';

const ts = 32;
const idLength = 36;

/**
 * Scale-out mode (ADR 013): the chunks of a partitioned initial sync, each with the ERP ids it
 * covers and a committed cursor into them, so several workers process one job in parallel and a
 * killed worker's chunk resumes where it stopped; and a job's result (an action's per-target
 * outcomes), so a process that did not run the job can still report it.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(tables.jobChunks, (t) => {
    t.string('id', idLength).primary();
    t.string('job_id', idLength).notNullable().references('id').inTable(tables.jobs);
    t.integer('seq').notNullable();
    t.text('ids').notNullable().comment('JSON array of the ERP record ids of this chunk');
    t.integer('total').notNullable();
    t.integer('cursor').notNullable().defaultTo(0).comment('ids before this index are committed');
    t.string('state', 16).notNullable().comment('pending|running|done|failed');
    t.string('claimed_by').nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('error').nullable();
    t.string('updated_at', ts).notNullable();
    t.unique(['job_id', 'seq']);
  });
  await knex.schema.alterTable(tables.jobs, (t) => {
    t.text('result').nullable();
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(tables.jobs, (t) => {
    t.dropColumn('result');
  });
  await knex.schema.dropTableIfExists(tables.jobChunks);
}

export const scaleOut: StoreMigration = { name: '004-scale-out', up, down };
