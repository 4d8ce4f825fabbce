import { createErpClient, erpOps, type ErpClient } from '@twinsync/connectors';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './receiver';
import { eventually } from './client';

/** The team's ERP connector, used as the sync engine will use it, against the real mock. */
describe('the ERP connector against the Business Central mock', () => {
  let mock: RunningMockErp;
  let client: ErpClient;
  let receiver: Receiver;

  beforeAll(async () => {
    mock = await startMockErp({ port: 0, token: 't', webhookDelayMs: 30 });
    await mock.app.controls.seed(30, 5);
    receiver = await startReceiver();
    client = createErpClient({ baseUrl: `${mock.url}/api/v2.0`, token: 't', pageSize: 7 });
  });
  afterAll(async () => {
    await receiver.close();
    await mock.close();
  });

  it('lists every seeded customer across pages', async () => {
    const seen: string[] = [];
    for await (const page of client.list('customers'))
      seen.push(...page.map((r) => String(r['number'])));
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('reads changes since a watermark, then only what changed after it', async () => {
    let watermark: string | undefined;
    let seenAtWatermark: string[] = [];
    let count = 0;
    for await (const page of client.changedSince('customers', undefined)) {
      count += page.records.length;
      watermark = page.watermark;
      seenAtWatermark = page.idsAtWatermark;
    }
    expect(count).toBe(30);
    await new Promise((r) => setTimeout(r, 5));
    const [first] = (await client.list('customers', { top: 1 }).next()).value ?? [];
    await mock.app.controls.editAsUser('customers', String(first?.['id']), {
      city: 'Changed City',
    });
    const changed: string[] = [];
    for await (const page of client.changedSince('customers', watermark, { seenAtWatermark })) {
      changed.push(...page.records.map((r) => String(r['city'])));
    }
    expect(changed).toEqual(['Changed City']);
  });

  it('creates idempotently by number, updates with the etag and deletes', async () => {
    const created = await client.create('customers', {
      number: 'CONN0001',
      displayName: 'Connector Co',
    });
    const again = await client.create('customers', {
      number: 'CONN0001',
      displayName: 'Connector Co',
    });
    expect(again.id).toBe(created.id);
    const updated = await client.update('customers', created.id, { city: 'Denver' }, created.etag!);
    expect(updated.record['city']).toBe('Denver');
    await client.delete('customers', created.id, updated.etag!);
    expect(await client.get('customers', created.id)).toBeNull();
  });

  it('runs an atomic batch of creates and sees a conflict as a failure of the whole batch', async () => {
    const ok = await client.batch([
      erpOps.create('items', { number: 'CONN-I1', displayName: 'Batch item 1' }),
      erpOps.create('items', { number: 'CONN-I2', displayName: 'Batch item 2' }),
    ]);
    expect(ok.every((o) => o.ok)).toBe(true);
    const failed = await client.batch([
      erpOps.create('items', { number: 'CONN-I3', displayName: 'Batch item 3' }),
      erpOps.create('items', { number: 'CONN-I4', displayName: 'Bad', unitPrice: -1 }),
    ]);
    expect(failed.some((o) => o.ok)).toBe(false);
    expect(await client.findByNumber('items', 'CONN-I3')).toBeNull();
  });

  it('subscribes to webhooks and receives a notification for a change', async () => {
    const sub = await client.subscribe({
      notificationUrl: receiver.url,
      resource: 'customers',
      clientState: 'c',
    });
    await client.create('customers', { number: 'CONN0002', displayName: 'Notified' });
    await eventually(() => receiver.state.notifications.length > 0);
    expect(receiver.state.notifications[0]?.value[0]?.['changeType']).toBe('created');
    const renewed = await client.renew(sub);
    await client.unsubscribe(renewed);
  });
});
