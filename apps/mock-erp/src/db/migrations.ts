import type { Knex } from 'knex';
import { entitySets, type EntitySetSpec } from '../domain/entity-sets';

interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

function recordTable(spec: EntitySetSpec) {
  return (t: Knex.CreateTableBuilder) => {
    t.string('id', 36).primary();
    t.string('companyId', 36).notNullable().references('id').inTable('companies');
    for (const [name, field] of Object.entries(spec.fields)) {
      if (name === 'id') continue;
      switch (field.kind) {
        case 'guid':
          t.string(name, 36);
          break;
        case 'datetime':
          // ISO-8601 with milliseconds in UTC: lexical order is time order.
          t.string(name, 24).notNullable();
          break;
        case 'string':
        case 'code':
          t.string(name, field.maxLength).notNullable().defaultTo(field.default);
          break;
        case 'enum':
          t.string(name, 20).notNullable().defaultTo(field.default);
          break;
        case 'decimal':
          t.double(name).notNullable().defaultTo(field.default);
          break;
        case 'boolean':
          t.boolean(name).notNullable().defaultTo(field.default);
          break;
      }
    }
    t.integer('version').notNullable();
    t.unique(['companyId', 'number']);
    t.index(['companyId', 'lastModifiedDateTime']);
  };
}

const initial: Migration = {
  async up(db) {
    await db.schema.createTable('companies', (t) => {
      t.string('id', 36).primary();
      t.string('name', 30).notNullable().unique();
      t.string('displayName', 250).notNullable();
      t.string('businessProfileId', 250).notNullable().defaultTo('');
      t.integer('systemVersion').notNullable();
      t.string('lastModifiedDateTime', 24).notNullable();
    });
    for (const spec of Object.values(entitySets)) {
      await db.schema.createTable(spec.name, recordTable(spec));
    }
    await db.schema.alterTable('contacts', (t) => t.index(['companyId', 'companyNumber']));
    await db.schema.createTable('deletions', (t) => {
      t.increments('seq');
      t.string('companyId', 36).notNullable();
      t.string('entitySet', 20).notNullable();
      t.string('id', 36).notNullable();
      t.string('number', 20).notNullable();
      t.string('deletedDateTime', 24).notNullable();
      t.index(['deletedDateTime']);
    });
    await db.schema.createTable('subscriptions', (t) => {
      t.string('subscriptionId', 36).primary();
      t.string('notificationUrl', 2048).notNullable();
      t.string('resource', 1024).notNullable();
      t.string('clientState', 2048).notNullable().defaultTo('');
      t.string('expirationDateTime', 24).notNullable();
      t.string('lastModifiedDateTime', 24).notNullable();
      t.integer('version').notNullable();
    });
  },
  async down(db) {
    for (const table of [
      'subscriptions',
      'deletions',
      'items',
      'contacts',
      'customers',
      'companies',
    ]) {
      await db.schema.dropTableIfExists(table);
    }
  },
};

const migrations: Record<string, Migration> = { '001-initial': initial };

/** A knex migration source kept in code, so tsx and vitest need no migrations folder on disk. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const m = migrations[name];
    if (!m) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(m);
  },
};
