import { randomBytes } from 'node:crypto';
import { createStore, type Store } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, waitFor, type LiveStack } from './testing/live-stack';

/** Live sync with the store on PostgreSQL (scale-out mode), in a schema of its own, dropped after. */

const pgUrl = process.env['TWINSYNC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `live_${randomBytes(4).toString('hex')}`;

async function openPg(): Promise<Store | null> {
  try {
    return await createStore({ client: 'pg', connection: pgUrl, schema, poolMax: 4 });
  } catch (error) {
    console.warn(`PostgreSQL at ${pgUrl} is unreachable (${String(error)}): suite skipped.`);
    return null;
  }
}

const pg = await openPg();
let s: LiveStack;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

beforeAll(async () => {
  if (!pg) return;
  s = await startLiveStack({ store: pg });
  await s.erp.app.controls.seed(4, 5);
  await s.engine.runSync({ mapping: 'customers' });
  await s.store.mappings.update('customers', { mode: 'live' }, 'admin');
  await s.live.start();
  // The catch-up job of a mapping that just became live runs first (and finds nothing).
  await s.engine.idle();
});

afterAll(async () => {
  if (!pg) return;
  await s?.close();
  await pg.knex.raw('drop schema if exists ?? cascade', [schema]);
  await pg.close();
});

describe.skipIf(!pg)('live sync on PostgreSQL', () => {
  it('an edit in each app reaches the other, and the status counts them with no lag left', async () => {
    const [a, b] = (await s.store.couplings.list({ mappingId: 'customers', limit: 2 })).items;
    await s.erp.app.controls.editAsUser('customers', a!.erpId!, { displayName: 'PG ERP Edit' });
    await s.crm.app.controls.editAsUser('accounts', b!.crmId!, { name: 'PG CRM Edit' });
    await waitFor('the CRM edit in the ERP', async () =>
      str((await s.erpClient.get('customers', b!.erpId!))?.['displayName']) === 'PG CRM Edit'
        ? true
        : undefined,
    );
    await waitFor('the ERP edit in the CRM', async () =>
      str((await s.crmClient.get('accounts', a!.crmId!))?.['name']) === 'PG ERP Edit'
        ? true
        : undefined,
    );
    const customers = await waitFor('both syncs counted and the queue drained', async () => {
      const m = (await s.live.status()).mappings.find((x) => x.mappingId === 'customers');
      return m && m.recordSyncs >= 2 && m.queued === 0 ? m : undefined;
    });
    expect(customers).toMatchObject({ live: true, queued: 0, lagMs: 0, failedSyncs: 0 });
  });

  it('the status reports queued changes and the age of the oldest one', async () => {
    await s.live.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const queued = async () =>
      (await s.live.status()).mappings.find((m) => m.mappingId === 'customers');
    // An echo of our own last write may still wait in the queue.
    const before = (await queued())?.queued ?? 0;
    const soon = new Date(Date.now() + 60_000).toISOString();
    await s.store.changeQueue.enqueue([
      { mappingId: 'customers', side: 'erp', recordId: 'queued-1', reason: 'webhook', dueAt: soon },
      { mappingId: 'customers', side: 'crm', recordId: 'queued-2', reason: 'delta', dueAt: soon },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const customers = await queued();
    expect(customers).toMatchObject({ live: false, queued: before + 2 });
    expect(customers?.lagMs).toBeGreaterThanOrEqual(40);
  });
});
