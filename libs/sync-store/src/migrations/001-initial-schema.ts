import type { Knex } from 'knex';
import { tables } from './tables';
import type { StoreMigration } from './migration-source';

/** ISO-8601 UTC timestamps as text: identical in SQLite and PostgreSQL and sortable as strings. */
const ts = 32;
const idLength = 36;

async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(tables.mappings, (t) => {
    t.string('id', 64).primary().comment('mapping name, e.g. customers');
    t.string('name').notNullable();
    t.string('erp_entity', 64).notNullable();
    t.string('crm_entity', 64).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.boolean('paused').notNullable().defaultTo(false);
    t.text('paused_reason').nullable();
    t.string('paused_at', ts).nullable();
    t.string('direction', 32).notNullable().defaultTo('bidirectional');
    t.string('update_conflict_policy', 32).notNullable().defaultTo('raise-error');
    t.string('deletion_conflict_policy', 32).notNullable().defaultTo('raise-error');
    t.integer('schedule_minutes').notNullable().defaultTo(30);
    t.string('mode', 16).notNullable().defaultTo('scheduled');
    t.integer('error_threshold').nullable();
    t.float('error_rate_threshold').nullable();
    t.text('field_mappings').notNullable().defaultTo('[]');
    t.string('created_at', ts).notNullable();
    t.string('updated_at', ts).notNullable();
    t.string('updated_by').nullable();
  });

  await knex.schema.createTable(tables.couplings, (t) => {
    t.string('id', idLength).primary();
    t.string('mapping_id', 64).notNullable().references('id').inTable(tables.mappings);
    t.string('erp_id', 64).nullable();
    t.string('crm_id', 64).nullable();
    t.string('erp_version', 128).nullable();
    t.string('crm_version', 128).nullable();
    t.string('erp_hash', 64).nullable();
    t.string('crm_hash', 64).nullable();
    t.text('base').nullable();
    t.string('state', 32).notNullable().defaultTo('coupled');
    t.boolean('skipped').notNullable().defaultTo(false);
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('last_error_kind', 64).nullable();
    t.text('last_error_message').nullable();
    t.string('last_error_at', ts).nullable();
    t.string('last_result_to_crm', 16).nullable();
    t.string('last_job_id_to_crm', idLength).nullable();
    t.string('last_result_to_erp', 16).nullable();
    t.string('last_job_id_to_erp', idLength).nullable();
    t.string('last_synced_at', ts).nullable();
    t.string('record_number', 128).nullable();
    t.string('record_name').nullable();
    t.string('created_at', ts).notNullable();
    t.string('updated_at', ts).notNullable();
    t.string('locked_by', 128).nullable();
    t.string('locked_until', ts).nullable();
    t.unique(['mapping_id', 'erp_id'], { indexName: 'ux_couplings_mapping_erp' });
    t.unique(['mapping_id', 'crm_id'], { indexName: 'ux_couplings_mapping_crm' });
    t.index(['mapping_id', 'state', 'id'], 'ix_couplings_mapping_state');
    t.index(['mapping_id', 'skipped', 'id'], 'ix_couplings_mapping_skipped');
    t.index(['mapping_id', 'record_number'], 'ix_couplings_mapping_number');
    t.index(['erp_id'], 'ix_couplings_erp');
    t.index(['crm_id'], 'ix_couplings_crm');
    t.index(['record_number'], 'ix_couplings_number');
  });

  await knex.schema.createTable(tables.jobs, (t) => {
    t.string('id', idLength).primary();
    t.string('mapping_id', 64).nullable().references('id').inTable(tables.mappings);
    t.string('type', 16).notNullable();
    t.string('trigger', 16).notNullable();
    t.string('direction', 16).nullable();
    t.boolean('dry_run').notNullable().defaultTo(false);
    t.string('state', 16).notNullable().comment('queued|running|succeeded|failed|cancelled');
    t.text('params').nullable();
    for (const counter of [
      'inserted',
      'modified',
      'deleted',
      'unchanged',
      'skipped',
      'failed',
      'coupled',
      'uncoupled',
      'conflicts',
      'merged',
    ]) {
      t.integer(counter).notNullable().defaultTo(0);
    }
    t.integer('progress_done').notNullable().defaultTo(0);
    t.integer('progress_total').nullable();
    t.string('created_at', ts).notNullable();
    t.string('started_at', ts).nullable();
    t.string('finished_at', ts).nullable();
    t.text('error').nullable();
    t.string('requested_by').nullable();
    t.boolean('cancel_requested').notNullable().defaultTo(false);
    t.string('claimed_by', 128).nullable();
    t.string('heartbeat_at', ts).nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.index(['state', 'created_at', 'id'], 'ix_jobs_state_created');
    t.index(['created_at', 'id'], 'ix_jobs_created');
    t.index(['mapping_id', 'created_at', 'id'], 'ix_jobs_mapping_created');
    t.index(['state', 'heartbeat_at'], 'ix_jobs_state_heartbeat');
  });

  await knex.schema.createTable(tables.errors, (t) => {
    t.string('id', idLength).primary();
    t.string('mapping_id', 64).notNullable().references('id').inTable(tables.mappings);
    t.string('record_key', 200).notNullable().comment('c:<couplingId> | erp:<id> | crm:<id>');
    t.string('open_key', 270)
      .nullable()
      .unique({ indexName: 'ux_sync_errors_open_key' })
      .comment('mapping_id + record_key while open, null once resolved: one open error per record');
    t.string('coupling_id', idLength)
      .nullable()
      .references('id')
      .inTable(tables.couplings)
      .onDelete('SET NULL');
    t.string('erp_id', 64).nullable();
    t.string('crm_id', 64).nullable();
    t.string('record_number', 128).notNullable().defaultTo('');
    t.string('record_name').notNullable().defaultTo('');
    t.string('kind', 64).notNullable();
    t.string('state', 32).notNullable();
    t.string('direction', 16).nullable();
    t.text('message').notNullable();
    t.text('details').nullable();
    t.string('job_id', idLength).nullable();
    t.string('first_seen_at', ts).notNullable();
    t.string('last_seen_at', ts).notNullable();
    t.integer('occurrence_count').notNullable().defaultTo(1);
    t.string('resolved_at', ts).nullable();
    t.string('resolution', 32).nullable();
    t.string('resolved_by').nullable();
    t.index(['coupling_id'], 'ix_sync_errors_coupling');
    t.index(['job_id'], 'ix_sync_errors_job');
    t.index(['mapping_id', 'record_key'], 'ix_sync_errors_record');
  });
  // Open errors are what the errors page lists: partial indexes per common filter and sort.
  const open = 'WHERE resolved_at IS NULL';
  for (const [name, columns] of [
    ['ix_sync_errors_open_last_seen', 'last_seen_at, id'],
    ['ix_sync_errors_open_mapping_last_seen', 'mapping_id, last_seen_at, id'],
    ['ix_sync_errors_open_kind_last_seen', 'kind, last_seen_at, id'],
    ['ix_sync_errors_open_state_last_seen', 'state, last_seen_at, id'],
    ['ix_sync_errors_open_mapping_kind', 'mapping_id, kind, id'],
    ['ix_sync_errors_open_name', 'record_name, id'],
    ['ix_sync_errors_open_mapping_name', 'mapping_id, record_name, id'],
    ['ix_sync_errors_open_occurrences', 'occurrence_count, id'],
  ] as const) {
    await knex.raw(`CREATE INDEX ${name} ON ${tables.errors} (${columns}) ${open}`);
  }
  await knex.raw(`CREATE INDEX ix_sync_errors_resolved ON ${tables.errors} (resolved_at, id)`);

  await knex.schema.createTable(tables.errorOccurrences, (t) => {
    t.string('id', idLength).primary();
    t.string('error_id', idLength)
      .notNullable()
      .references('id')
      .inTable(tables.errors)
      .onDelete('CASCADE');
    t.string('job_id', idLength).nullable();
    t.string('occurred_at', ts).notNullable();
    t.text('message').notNullable();
    t.text('details').nullable();
    t.index(['error_id', 'occurred_at', 'id'], 'ix_sync_error_occurrences_error');
  });

  await knex.schema.createTable(tables.history, (t) => {
    t.string('id', idLength).primary();
    t.string('coupling_id', idLength)
      .nullable()
      .comment('no foreign key: history outlives couplings');
    t.string('mapping_id', 64).notNullable();
    t.string('erp_id', 64).nullable();
    t.string('crm_id', 64).nullable();
    t.string('job_id', idLength).nullable();
    t.string('at', ts).notNullable();
    t.string('direction', 16).nullable();
    t.string('outcome', 32).notNullable();
    t.text('before').nullable();
    t.text('after').nullable();
    t.text('changed_fields').nullable();
    t.text('message').nullable();
    t.index(['coupling_id', 'at', 'id'], 'ix_history_coupling_at');
    t.index(['mapping_id', 'erp_id', 'at', 'id'], 'ix_history_erp_at');
    t.index(['mapping_id', 'crm_id', 'at', 'id'], 'ix_history_crm_at');
    t.index(['job_id', 'id'], 'ix_history_job');
  });

  await knex.schema.createTable(tables.watermarks, (t) => {
    t.string('mapping_id', 64).notNullable().references('id').inTable(tables.mappings);
    t.string('side', 8).notNullable();
    t.text('token').nullable();
    t.string('updated_at', ts).notNullable();
    t.primary(['mapping_id', 'side']);
  });

  await knex.schema.createTable(tables.audit, (t) => {
    t.bigIncrements('id');
    t.string('at', ts).notNullable();
    t.string('actor').notNullable();
    t.string('actor_role', 16).nullable();
    t.string('action', 64).notNullable();
    t.text('target').notNullable();
    t.integer('record_count').notNullable().defaultTo(0);
    t.string('outcome', 16).notNullable();
    t.text('details').nullable();
    t.index(['at', 'id'], 'ix_audit_at');
    t.index(['actor', 'at'], 'ix_audit_actor_at');
    t.index(['action', 'at'], 'ix_audit_action_at');
  });

  await knex.schema.createTable(tables.users, (t) => {
    t.increments('id');
    t.string('username', 64).notNullable().unique({ indexName: 'ux_users_username' });
    t.string('password_hash').notNullable();
    t.string('role', 16).notNullable();
    t.string('display_name').nullable();
    t.boolean('disabled').notNullable().defaultTo(false);
    t.string('created_at', ts).notNullable();
    t.string('updated_at', ts).nullable();
  });

  await knex.schema.createTable(tables.sessions, (t) => {
    t.string('id', 128).primary().comment('hash of the session token, never the token');
    t.integer('user_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable(tables.users)
      .onDelete('CASCADE');
    t.string('csrf_token', 128).notNullable();
    t.string('created_at', ts).notNullable();
    t.string('expires_at', ts).notNullable();
    t.string('last_seen_at', ts).nullable();
    t.index(['user_id'], 'ix_sessions_user');
    t.index(['expires_at'], 'ix_sessions_expires');
  });

  await knex.schema.createTable(tables.loginAttempts, (t) => {
    t.bigIncrements('id');
    t.string('username', 64).notNullable();
    t.string('ip', 64).notNullable();
    t.boolean('succeeded').notNullable();
    t.string('attempted_at', ts).notNullable();
    t.index(['username', 'attempted_at'], 'ix_login_attempts_username');
    t.index(['ip', 'attempted_at'], 'ix_login_attempts_ip');
  });

  await knex.schema.createTable(tables.webhookSubscriptions, (t) => {
    t.string('id', idLength).primary();
    t.string('resource').notNullable();
    t.string('subscription_id', 128).nullable().unique({ indexName: 'ux_webhooks_subscription' });
    t.string('client_state', 128).notNullable();
    t.string('notification_url').notNullable();
    t.string('expires_at', ts).nullable();
    t.string('created_at', ts).notNullable();
    t.string('updated_at', ts).notNullable();
    t.index(['resource'], 'ix_webhooks_resource');
  });

  await knex.schema.createTable(tables.changeQueue, (t) => {
    t.bigIncrements('id');
    t.string('mapping_id', 64).notNullable();
    t.string('side', 8).notNullable();
    t.string('record_id', 64).notNullable();
    t.string('reason', 32).notNullable();
    t.string('enqueued_at', ts).notNullable();
    t.string('due_at', ts).notNullable();
    t.unique(['mapping_id', 'side', 'record_id'], { indexName: 'ux_change_queue_record' });
    t.index(['due_at', 'id'], 'ix_change_queue_due');
  });
}

async function down(knex: Knex): Promise<void> {
  for (const table of [
    tables.changeQueue,
    tables.webhookSubscriptions,
    tables.loginAttempts,
    tables.sessions,
    tables.users,
    tables.audit,
    tables.watermarks,
    tables.history,
    tables.errorOccurrences,
    tables.errors,
    tables.jobs,
    tables.couplings,
    tables.mappings,
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

export const initialSchema: StoreMigration = { name: '001-initial-schema', up, down };
