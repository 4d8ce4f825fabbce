import { tables } from '@twinsync/sync-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveSync, notificationUrlFor } from './live-sync';
import { startLiveStack, waitFor, type LiveStack } from './testing/live-stack';

/**
 * The paths where live sync hands over to one incremental job (a `collection` notice, a large CRM
 * poll, a refused delta link), and its clear errors for bad settings. Real mocks, store and engine.
 */

let s: LiveStack;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const pairs: { erpId: string; crmId: string }[] = [];

async function liveJobs() {
  return (await s.store.jobs.list({ mappingId: 'customers', trigger: 'live', limit: 100 })).items;
}

beforeAll(async () => {
  s = await startLiveStack({
    webhookCollectionThreshold: 5,
    // Polls only when a test asks (pollNow), so a test controls what one poll sees.
    live: { pollIntervalMs: 600_000, maxChangesPerPoll: 3 },
  });
  await s.erp.app.controls.seed(10, 3);
  await s.engine.runSync({ mapping: 'customers' });
  for (const c of (await s.store.couplings.list({ mappingId: 'customers', limit: 10 })).items) {
    if (c.erpId && c.crmId) pairs.push({ erpId: c.erpId, crmId: c.crmId });
  }
  await s.store.mappings.update('customers', { mode: 'live' }, 'admin');
  await s.live.start();
  await s.engine.idle();
});

afterAll(async () => {
  await s?.close();
});

describe('live sync hand-overs to incremental jobs', () => {
  it('starting live sync queues one catch-up job with trigger live for the live mapping', async () => {
    const jobs = await liveJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type: 'incremental', requestedBy: 'live-sync' });
  });

  it('a collection notice (too many ERP changes to list) runs one incremental job that syncs them all', async () => {
    const before = (await liveJobs()).length;
    const recordJobs = async () =>
      (await s.store.jobs.list({ mappingId: 'customers', type: 'record', limit: 100 })).items;
    const recordsBefore = (await recordJobs()).length;
    const edited = pairs.slice(0, 8);
    for (const [i, p] of edited.entries()) {
      await s.erp.app.controls.editAsUser('customers', p.erpId, { displayName: `Collected ${i}` });
    }
    for (const [i, p] of edited.entries()) {
      await waitFor(`account ${i} updated`, async () =>
        str((await s.crmClient.get('accounts', p.crmId))?.['name']) === `Collected ${i}`
          ? true
          : undefined,
      );
    }
    expect((await liveJobs()).length).toBeGreaterThan(before);
    expect((await recordJobs()).length).toBe(recordsBefore);
  });

  it('a CRM poll with more changes than the limit runs one incremental job instead of queueing them', async () => {
    await s.engine.idle();
    const before = (await liveJobs()).length;
    const edited = pairs.slice(0, 5);
    for (const [i, p] of edited.entries()) {
      await s.crm.app.controls.editAsUser('accounts', p.crmId, { name: `Polled ${i}` });
    }
    await s.live.pollNow();
    // Nothing of the CRM side was queued (ERP notices of the last test may still wait there).
    const crmQueued = await s.store.knex(tables.changeQueue).where({ side: 'crm' }).select('id');
    expect(crmQueued).toEqual([]);
    expect((await liveJobs()).length).toBe(before + 1);
    for (const [i, p] of edited.entries()) {
      await waitFor(`customer ${i} updated`, async () =>
        str((await s.erpClient.get('customers', p.erpId))?.['displayName']) === `Polled ${i}`
          ? true
          : undefined,
      );
    }
  });

  it('a refused CRM delta link is dropped for a new baseline and an incremental job covers the gap', async () => {
    await s.engine.idle();
    const row = await s.store.webhookSubscriptions.get('crm-delta:customers');
    expect(row?.notificationUrl).toContain('$deltatoken=');
    await s.store.webhookSubscriptions.save({
      ...row!,
      notificationUrl: row!.notificationUrl.replace(/\$deltatoken=\d+/, '$deltatoken=999999999'),
    });
    const before = (await liveJobs()).length;
    await s.live.pollNow();
    expect(await s.store.webhookSubscriptions.get('crm-delta:customers')).toBeNull();
    expect((await liveJobs()).length).toBe(before + 1);
    const status = await s.live.status();
    expect(status.mappings.find((m) => m.mappingId === 'customers')?.crmPolling.error).toContain(
      'deltatoken',
    );
    await s.live.pollNow();
    expect(await s.store.webhookSubscriptions.get('crm-delta:customers')).not.toBeNull();
  });
});

describe('live sync settings', () => {
  it('names a public URL that is not an absolute http(s) URL', () => {
    expect(() => notificationUrlFor('sync server')).toThrow(
      'The public URL of the sync server must be an absolute http(s) URL, got "sync server".',
    );
    expect(() => notificationUrlFor('localhost:5100')).toThrow(
      'The public URL of the sync server must be http(s), got "localhost:5100".',
    );
  });

  it('appends the receiver path to an origin and keeps a full receiver URL as it is', () => {
    expect(notificationUrlFor('https://sync.example.com/')).toBe(
      'https://sync.example.com/webhooks/erp',
    );
    expect(notificationUrlFor('https://proxy.example.com/twinsync/hooks')).toBe(
      'https://proxy.example.com/twinsync/hooks',
    );
  });

  it('refuses to start without knowing where the ERP can reach its receiver', async () => {
    const live = createLiveSync({
      store: s.store,
      engine: s.engine,
      erp: s.erpClient,
      crm: s.crmClient,
    });
    await expect(live.start()).rejects.toThrow(
      'Live sync needs the public URL of its receiver (publicUrl).',
    );
    expect((await live.status()).running).toBe(false);
  });
});
