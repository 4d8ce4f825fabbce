import knexFactory, { type Knex } from 'knex';
import type { ApiStore } from '../store';
import { tables } from '../queries/tables';

/**
 * A SQLite ':memory:' store with the tables and columns the API's queries read. It stands in for
 * `@twinsync/sync-store`'s `createStore` in this library's tests until that store exists; the
 * column names here are the contract the queries in `src/queries/` rely on.
 */
export interface TestStore extends ApiStore {
  destroy(): Promise<void>;
}

async function createSchema(knex: Knex): Promise<void> {
  await knex.schema.createTable(tables.mappings, (t) => {
    t.string('id').primary();
    t.string('name').notNullable();
    t.string('erp_entity').notNullable();
    t.string('crm_entity').notNullable();
    t.string('direction').notNullable().defaultTo('bidirectional');
    t.string('update_conflict_policy').notNullable().defaultTo('raiseError');
    t.string('deletion_conflict_policy').notNullable().defaultTo('raiseError');
    t.string('mode').notNullable().defaultTo('scheduled');
    t.integer('schedule_minutes').notNullable().defaultTo(30);
    t.integer('error_threshold').nullable();
    t.boolean('paused').notNullable().defaultTo(false);
    t.string('paused_reason').nullable();
    t.text('field_mappings').notNullable().defaultTo('[]');
    t.string('updated_at').nullable();
  });
  await knex.schema.createTable(tables.couplings, (t) => {
    t.string('id').primary();
    t.string('mapping_id').notNullable();
    t.string('erp_id').nullable();
    t.string('crm_id').nullable();
    t.string('record_number').nullable();
    t.string('record_name').nullable();
    t.boolean('skipped').notNullable().defaultTo(false);
    t.text('base').nullable();
    t.string('updated_at').nullable();
  });
  await knex.schema.createTable(tables.jobs, (t) => {
    t.string('id').primary();
    t.string('mapping_id').nullable();
    t.string('type').notNullable();
    t.string('direction').nullable();
    t.string('trigger').notNullable().defaultTo('manual');
    t.string('requested_by').nullable();
    t.string('state').notNullable();
    t.boolean('dry_run').notNullable().defaultTo(false);
    t.text('counters').notNullable().defaultTo('{}');
    t.string('created_at').notNullable();
    t.string('started_at').nullable();
    t.string('finished_at').nullable();
  });
  await knex.schema.createTable(tables.errors, (t) => {
    t.string('id').primary();
    t.string('mapping_id').notNullable();
    t.string('coupling_id').nullable();
    t.string('job_id').nullable();
    t.string('direction').nullable();
    t.string('kind').notNullable();
    t.string('state').notNullable();
    t.text('message').notNullable();
    t.text('details').nullable();
    t.string('erp_id').nullable();
    t.string('crm_id').nullable();
    t.string('record_number').nullable();
    t.string('record_name').nullable();
    t.integer('occurrence_count').notNullable().defaultTo(1);
    t.string('first_seen_at').notNullable();
    t.string('last_seen_at').notNullable();
    t.index(['last_seen_at', 'id']);
  });
  await knex.schema.createTable(tables.occurrences, (t) => {
    t.string('id').primary();
    t.string('error_id').notNullable();
    t.string('job_id').nullable();
    t.string('occurred_at').notNullable();
    t.text('message').notNullable();
    t.text('details').nullable();
  });
  await knex.schema.createTable(tables.history, (t) => {
    t.string('id').primary();
    t.string('coupling_id').nullable();
    t.string('job_id').nullable();
    t.string('at').notNullable();
    t.string('direction').nullable();
    t.string('outcome').notNullable();
    t.text('message').nullable();
    t.text('before').nullable();
    t.text('after').nullable();
  });
  await knex.schema.createTable(tables.watermarks, (t) => {
    t.string('mapping_id').notNullable();
    t.string('side').notNullable();
    t.text('value').nullable();
    t.string('updated_at').notNullable();
    t.primary(['mapping_id', 'side']);
  });
  await knex.schema.createTable(tables.audit, (t) => {
    t.increments('id');
    t.string('at').notNullable();
    t.string('actor').notNullable();
    t.string('action').notNullable();
    t.text('target').notNullable();
    t.integer('record_count').notNullable();
    t.string('outcome').notNullable();
    t.text('details').nullable();
  });
  await knex.schema.createTable(tables.users, (t) => {
    t.increments('id');
    t.string('username').notNullable().unique();
    t.string('role').notNullable();
    t.string('password_hash').notNullable();
    t.string('created_at').notNullable();
  });
  await knex.schema.createTable(tables.sessions, (t) => {
    t.string('id').primary();
    t.string('user_id').notNullable();
    t.string('csrf_token').notNullable();
    t.string('created_at').notNullable();
    t.string('expires_at').notNullable();
  });
  await knex.schema.createTable(tables.loginAttempts, (t) => {
    t.increments('id');
    t.string('username').notNullable();
    t.string('ip').notNullable();
    t.boolean('succeeded').notNullable();
    t.string('attempted_at').notNullable();
  });
}

export async function createTestStore(): Promise<TestStore> {
  const knex = knexFactory({
    client: 'sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  await createSchema(knex);
  return { knex, destroy: () => knex.destroy() };
}
