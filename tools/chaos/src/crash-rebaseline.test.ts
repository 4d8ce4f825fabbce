import { createStore, type Store } from '@twinsync/sync-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineOver, startTwoApps, type TwoApps } from './harness/two-apps';

/**
 * Found by the long R1 run (`npm run chaos -- --only R1`, seed 1: trials 8–20 failed): after a
 * worker dies between a batch's app writes and its commit, the restarted sync makes both apps agree
 * but leaves the coupling's base behind; the next single-side edit of those records is then raised
 * as a false conflict ("Both apps changed phone since the last sync"). Here the crash is the
 * engine's own `afterWrites` seam, which stops the job exactly where a SIGKILL would.
 */
describe('a crash between app writes and commit, then a restart', () => {
  let apps: TwoApps;
  let store: Store;
  const engines: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    apps = await startTwoApps();
    store = await createStore({ client: 'sqlite', filename: ':memory:' });
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
    await store.close();
    await apps.close();
  });
  const engine = (hooks = {}) => {
    const e = engineOver(
      store,
      { erp: apps.erp.url, crm: apps.crm.url },
      { maxSleepMs: 5 },
      { batchSize: 50, hooks },
    );
    engines.push(e);
    return e;
  };

  // Defect crash-stale-base (libs/sync-engine), fixed: the agreed values become the base.
  it('a later edit in one app is synced, not raised as a conflict', async () => {
    await apps.erp.app.controls.seed(20, 9);
    await engine().runSync({ mapping: 'customers' });
    const couplings = (await store.couplings.list({ limit: 100 })).items;
    expect(couplings).toHaveLength(20);
    for (const [i, c] of couplings.entries()) {
      await apps.erp.app.controls.editAsUser('customers', c.erpId!, { phoneNumber: `+1 1 ${i}` });
    }
    const crashing = engine({
      afterWrites: () => {
        throw new Error('killed after the apps accepted the batch');
      },
    });
    expect((await crashing.runSync({ mapping: 'customers' })).status).toBe('failed');
    await crashing.close();
    const restarted = engine();
    await restarted.runSync({ mapping: 'customers' });
    for (const [i, c] of couplings.entries()) {
      await apps.erp.app.controls.editAsUser('customers', c.erpId!, { phoneNumber: `+1 2 ${i}` });
    }
    await restarted.runSync({ mapping: 'customers' });
    const errors = (await store.errors.list({ limit: 100 })).items;
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
