import type { Knex } from 'knex';

/**
 * The store the API runs on. The routers read through the query modules in `queries/`, which use
 * the store's knex instance directly where the store offers no repository method for the query.
 */
export interface ApiStore {
  knex: Knex;
}
