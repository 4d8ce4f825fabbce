import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, waitFor, type LiveStack } from './testing/live-stack';

/**
 * Live sync against the real mocks (loopback ports from the OS), the real store and the real
 * engine. No scheduler runs and no test triggers a sync: whatever reaches the other app got there
 * through a webhook, a delta poll or live sync's own catch-up.
 */

let s: LiveStack;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

async function couplingOfErp(erpId: string) {
  const c = await s.store.couplings.findByErpId('customers', erpId);
  if (!c?.crmId) throw new Error(`customer ${erpId} is not coupled`);
  return { ...c, crmId: c.crmId };
}

const crmName = async (crmId: string) => str((await s.crmClient.get('accounts', crmId))?.['name']);
const erpName = async (erpId: string) =>
  str((await s.erpClient.get('customers', erpId))?.['displayName']);

async function untilCrmName(crmId: string, name: string) {
  await waitFor(`account ${crmId} named ${name}`, async () =>
    (await crmName(crmId)) === name ? true : undefined,
  );
}
async function untilErpName(erpId: string, name: string) {
  await waitFor(`customer ${erpId} named ${name}`, async () =>
    (await erpName(erpId)) === name ? true : undefined,
  );
}

async function recordJobs() {
  return (await s.store.jobs.list({ mappingId: 'customers', type: 'record', limit: 500 })).items;
}

const ids: string[] = [];

beforeAll(async () => {
  s = await startLiveStack({ webhookRetries: 0 });
  await s.erp.app.controls.seed(12, 7);
  const first = await s.engine.runSync({ mapping: 'customers' });
  expect(first.counters.inserted).toBe(12);
  for await (const page of s.erpClient.list('customers')) ids.push(...page.map((r) => str(r.id)));
  await s.store.mappings.update('customers', { mode: 'live' }, 'admin');
  await s.live.start();
  // The catch-up job of a mapping that just became live finds nothing to do.
  await s.engine.idle();
});

afterAll(async () => {
  await s?.close();
});

describe('live sync between the real ERP and CRM mocks', () => {
  it('subscribes to ERP webhooks for the live mapping with a stored secret and an expiry', async () => {
    const row = await s.store.webhookSubscriptions.get('erp:customers');
    expect(row?.subscriptionId).toMatch(/^[0-9a-f]{32}$/);
    expect(row?.clientState.length).toBeGreaterThanOrEqual(40);
    expect(row?.notificationUrl).toBe(`${s.receiverUrl}/webhooks/erp`);
    expect(Date.parse(row?.expiresAt ?? '') - Date.now()).toBeGreaterThan(2.9 * 24 * 3600_000);
    // Mappings left on 'scheduled' get no subscription.
    expect(await s.store.webhookSubscriptions.get('erp:contacts')).toBeNull();
  });

  it('an ERP edit shows up in the CRM without any manual trigger', async () => {
    const c = await couplingOfErp(ids[0]!);
    await s.erp.app.controls.editAsUser('customers', ids[0]!, { displayName: 'Edited In ERP' });
    await untilCrmName(c.crmId, 'Edited In ERP');
    // The counterpart is written before the job commits and ends; the status follows at its end.
    // A CRM poll may meanwhile queue the echo of that write, until the dispatcher drops it.
    const customers = await waitFor(
      'the status to count the sync, with nothing queued',
      async () => {
        const m = (await s.live.status()).mappings.find((x) => x.mappingId === 'customers');
        return m && m.recordSyncs >= 1 && m.queued === 0 ? m : undefined;
      },
    );
    expect(customers).toMatchObject({ mode: 'live', live: true, queued: 0, lagMs: 0 });
    expect(customers.lastNotificationAt).not.toBeNull();
    expect(customers.lastSyncLagMs).toBeGreaterThan(0);
    expect(customers.syncLagP95Ms).toBeGreaterThanOrEqual(customers.lastSyncLagMs!);
  });

  it('a CRM edit shows up in the ERP without any manual trigger', async () => {
    const c = await couplingOfErp(ids[1]!);
    await s.crm.app.controls.editAsUser('accounts', c.crmId, { name: 'Edited In CRM' });
    await untilErpName(ids[1]!, 'Edited In CRM');
    const status = await s.live.status();
    expect(
      status.mappings.find((m) => m.mappingId === 'customers')?.crmPolling.lastChangeAt,
    ).not.toBeNull();
  });

  it('a record created in the ERP gets its CRM twin live', async () => {
    const created = await s.erpClient.create('customers', { displayName: 'Born Live Ltd' });
    const coupling = await waitFor('a coupling of the new customer', async () => {
      const c = await s.store.couplings.findByErpId('customers', created.id);
      return c?.crmId ? c : undefined;
    });
    await untilCrmName(coupling.crmId!, 'Born Live Ltd');
  });

  it('a burst of 100 edits to one record becomes a few syncs of it, never beside another job', async () => {
    const id = ids[2]!;
    const c = await couplingOfErp(id);
    const before = (await recordJobs()).length;
    for (let i = 1; i <= 100; i += 1) {
      await s.erp.app.controls.editAsUser('customers', id, { displayName: `Burst ${i}` });
    }
    await untilCrmName(c.crmId, 'Burst 100');
    await s.live.dispatchNow();
    await s.engine.idle();
    const jobs = (await recordJobs()).length - before;
    console.info(`100 edits of one record → ${jobs} record job(s)`);
    expect(jobs).toBeGreaterThanOrEqual(1);
    expect(jobs).toBeLessThanOrEqual(6);
    // One job per mapping at a time: no two jobs of the mapping overlap.
    const all = (await s.store.jobs.list({ mappingId: 'customers', limit: 500 })).items
      .filter((j) => j.startedAt && j.finishedAt)
      .sort((a, b) => (a.startedAt! < b.startedAt! ? -1 : 1));
    for (let i = 1; i < all.length; i += 1) {
      expect(all[i]!.startedAt! >= all[i - 1]!.finishedAt!).toBe(true);
    }
  });

  it('the echo of a live write is recognised and not synced again', async () => {
    const c = await couplingOfErp(ids[3]!);
    await s.erp.app.controls.editAsUser('customers', ids[3]!, { displayName: 'Echo Check' });
    await untilCrmName(c.crmId, 'Echo Check');
    const jobsAfterSync = (await recordJobs()).length;
    // The CRM poll sees our own write; give it two polls and a dispatch.
    await s.live.pollNow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await s.live.dispatchNow();
    await s.engine.idle();
    expect((await recordJobs()).length).toBe(jobsAfterSync);
    const status = await s.live.status();
    expect(status.mappings.find((m) => m.mappingId === 'customers')?.echoesSkipped).toBeGreaterThan(
      0,
    );
  });

  it('a deletion in either app reaches the engine live and follows the mapping policy (raise an error)', async () => {
    const inCrm = await couplingOfErp(ids[9]!);
    const inErp = await couplingOfErp(ids[10]!);
    await s.crm.app.controls.deleteAsUser('accounts', inCrm.crmId);
    await s.erp.app.controls.deleteAsUser('customers', ids[10]!);
    for (const [c, state] of [
      [inCrm, 'deleted-in-crm'],
      [inErp, 'deleted-in-erp'],
    ] as const) {
      await waitFor(`coupling ${c.id} ${state}`, async () =>
        (await s.store.couplings.get(c.id))?.state === state ? true : undefined,
      );
    }
    // raise-error: the survivors stay, each with an open error for an admin.
    expect(await s.erpClient.get('customers', ids[9]!)).not.toBeNull();
    expect(await s.crmClient.get('accounts', inErp.crmId)).not.toBeNull();
    const open = (await s.store.errors.list({ limit: 50 })).items.map((e) => e.couplingId);
    expect(open).toEqual(expect.arrayContaining([inCrm.id, inErp.id]));
  });

  it('a forged notification (wrong clientState) is ignored and counted', async () => {
    const row = await s.store.webhookSubscriptions.get('erp:customers');
    const company = await s.erpClient.companyId();
    const forgedBefore = (await s.live.status()).receiver.forged;
    const res = await fetch(`${s.receiverUrl}/webhooks/erp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: [
          {
            subscriptionId: row?.subscriptionId,
            clientState: 'not-the-secret',
            expirationDateTime: row?.expiresAt,
            resource: `api/v2.0/companies(${company})/customers(${ids[4]!})`,
            changeType: 'updated',
            lastModifiedDateTime: new Date().toISOString(),
          },
          { subscriptionId: 'someone-else', resource: 'x', changeType: 'updated' },
        ],
      }),
    });
    expect(res.status).toBe(202);
    expect(await s.store.changeQueue.count('customers')).toBe(0);
    expect((await s.live.status()).receiver.forged).toBe(forgedBefore + 2);
  });

  it('the receiver echoes the validation token and refuses bodies it cannot read with a 400', async () => {
    const url = `${s.receiverUrl}/webhooks/erp`;
    const handshake = await fetch(`${url}?validationToken=abc-123`, { method: 'POST' });
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toBe('abc-123');
    const broken = await fetch(url, { method: 'POST', body: '{not json' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('could not be read');
    const noValue = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values: [] }),
    });
    expect(noValue.status).toBe(400);
    expect(((await noValue.json()) as { error: { message: string } }).error.message).toBe(
      'The body has no "value" array of notifications.',
    );
  });

  it('a receiver that was down catches up with edits made in both apps meanwhile', async () => {
    const a = await couplingOfErp(ids[5]!);
    const b = await couplingOfErp(ids[6]!);
    await s.live.stop();
    const dropped = s.erp.app.controls.counters().webhooks.deliveriesDropped;
    await s.erp.app.controls.editAsUser('customers', ids[5]!, { displayName: 'Edited While Down' });
    await s.crm.app.controls.editAsUser('accounts', b.crmId, { name: 'CRM Edit While Down' });
    // The ERP's delivery fails (503 while stopped) and, with no retries, is dropped.
    await waitFor('the ERP to give up its delivery', () =>
      Promise.resolve(
        s.erp.app.controls.counters().webhooks.deliveriesDropped > dropped ? true : undefined,
      ),
    );
    expect(await crmName(a.crmId)).not.toBe('Edited While Down');
    await s.live.start();
    await untilCrmName(a.crmId, 'Edited While Down');
    await untilErpName(ids[6]!, 'CRM Edit While Down');
  });

  it('subscribes again when the ERP lost the subscription, and the new one delivers', async () => {
    const old = await s.store.webhookSubscriptions.get('erp:customers');
    await s.erpClient.unsubscribe({ subscriptionId: old!.subscriptionId!, '@odata.etag': '*' });
    await s.live.stop();
    await s.live.start();
    const renewed = await s.store.webhookSubscriptions.get('erp:customers');
    expect(renewed?.subscriptionId).not.toBe(old?.subscriptionId);
    expect(renewed?.clientState).not.toBe(old?.clientState);
    const c = await couplingOfErp(ids[7]!);
    await s.erp.app.controls.editAsUser('customers', ids[7]!, { displayName: 'After Resubscribe' });
    await untilCrmName(c.crmId, 'After Resubscribe');
  });

  it('renews a subscription before it expires and replaces an expired one', async () => {
    const current = await s.store.webhookSubscriptions.get('erp:customers');
    // Recorded as expiring in a minute: the next reconcile renews it (same id, later expiry).
    const soon = new Date(Date.now() + 60_000).toISOString();
    await s.store.webhookSubscriptions.save({ ...current!, expiresAt: soon });
    const renewed = await waitFor('the renewal', async () => {
      const row = await s.store.webhookSubscriptions.get('erp:customers');
      return row && row.expiresAt !== soon ? row : undefined;
    });
    expect(renewed.subscriptionId).toBe(current?.subscriptionId);
    expect(Date.parse(renewed.expiresAt!) - Date.now()).toBeGreaterThan(2.9 * 24 * 3600_000);
    // Recorded as expired: a new subscription replaces it.
    await s.store.webhookSubscriptions.save({ ...renewed, expiresAt: new Date(0).toISOString() });
    const replaced = await waitFor('the new subscription', async () => {
      const row = await s.store.webhookSubscriptions.get('erp:customers');
      return row?.subscriptionId && row.subscriptionId !== renewed.subscriptionId ? row : undefined;
    });
    expect(Date.parse(replaced.expiresAt!)).toBeGreaterThan(Date.now());
  });

  it('a mapping switched to scheduled is unsubscribed and its edits wait for the schedule', async () => {
    await s.live.setMode('customers', 'scheduled', 'admin');
    expect(await s.store.webhookSubscriptions.get('erp:customers')).toBeNull();
    const c = await couplingOfErp(ids[8]!);
    const jobs = (await recordJobs()).length;
    await s.erp.app.controls.editAsUser('customers', ids[8]!, { displayName: 'Scheduled Only' });
    await new Promise((resolve) => setTimeout(resolve, 800));
    await s.live.dispatchNow();
    expect((await recordJobs()).length).toBe(jobs);
    expect(await crmName(c.crmId)).not.toBe('Scheduled Only');
    const status = await s.live.status();
    expect(status.mappings.find((m) => m.mappingId === 'customers')).toMatchObject({
      mode: 'scheduled',
      live: false,
      erpSubscription: null,
    });
  });
});
