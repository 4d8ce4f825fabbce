import { createSyncEngine, type TwinSyncEngine } from '@twinsync/sync-engine';
import { createStore, type Store } from '@twinsync/sync-store';

export interface CliContext {
  store: Store;
  /** The engine, created on first use (store-only commands need no app configured). */
  engine(): TwinSyncEngine;
  close(): Promise<void>;
}

export type OpenContext = (env: Record<string, string | undefined>) => Promise<CliContext>;

/**
 * Opens the store (DATABASE_URL, else TWINSYNC_DB, else data/twinsync.sqlite) and, when a command
 * needs it, an engine on the apps named by CRM_URL / CRM_TOKEN / ERP_URL / ERP_TOKEN. No
 * scheduler: the CLI runs what it is asked and exits.
 */
export const openFromEnv: OpenContext = async (env) => {
  const databaseUrl = env['DATABASE_URL'] ?? env['TWINSYNC_DB'] ?? 'data/twinsync.sqlite';
  const store = await createStore({ databaseUrl });
  let engine: TwinSyncEngine | null = null;
  return {
    store,
    engine() {
      engine ??= createSyncEngine({ store, env, workerId: `cli-${process.pid}` });
      return engine;
    },
    async close() {
      await engine?.close();
      await store.close();
    },
  };
};
