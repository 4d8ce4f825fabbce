import knex, { type Knex } from 'knex';
import { createEntityTable } from '../schema/tables';
import { createModel, type EntitySetDef } from '../schema/entity-set';

/** A small model and in-memory database for the kit's own tests. */
export const people: EntitySetDef = {
  name: 'people',
  entityType: 'person',
  key: 'personid',
  versionColumn: 'version',
  columns: {
    personid: { type: 'guid' },
    name: { type: 'string', maxLength: 100, required: true },
    age: { type: 'int' },
    balance: { type: 'decimal' },
    active: { type: 'boolean' },
    born: { type: 'datetime' },
    _teamid_value: { type: 'guid' },
    version: { type: 'bigint', serverOwned: 'ignore' },
  },
  lookups: [{ navigation: 'teamid', column: '_teamid_value', target: 'teams' }],
};

export const teams: EntitySetDef = {
  name: 'teams',
  entityType: 'team',
  key: 'teamid',
  columns: { teamid: { type: 'guid' }, title: { type: 'string' } },
  collections: [{ navigation: 'members', source: 'people', column: '_teamid_value' }],
};

export const model = createModel([people, teams]);

export async function testDb(): Promise<Knex> {
  const db = knex({
    client: 'sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  await createEntityTable(db, people);
  await createEntityTable(db, teams);
  return db;
}

export const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
