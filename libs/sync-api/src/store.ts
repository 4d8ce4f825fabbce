import type { Store } from '@twinsync/sync-store';

/**
 * The store the API runs on: `@twinsync/sync-store`'s `Store` (from `createStore`). The query
 * modules in `queries/` read and write through its repositories only.
 */
export type ApiStore = Store;
