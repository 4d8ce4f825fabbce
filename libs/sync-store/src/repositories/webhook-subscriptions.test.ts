import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/store-targets';

describeEachStore('webhook subscriptions repository', (f) => {
  it('saves a subscription, updates it after renewal and finds it by the app id', async () => {
    const created = await f.store.webhookSubscriptions.save({
      resource: 'companies(1)/customers',
      subscriptionId: null,
      clientState: 'secret-state',
      notificationUrl: 'http://127.0.0.1:5100/webhooks/erp',
      expiresAt: '2026-01-04T00:00:00.000Z',
    });
    f.clock.advance(1000);
    await f.store.webhookSubscriptions.save({
      ...created,
      subscriptionId: 'sub-1',
      expiresAt: '2026-01-07T00:00:00.000Z',
    });
    expect(await f.store.webhookSubscriptions.findBySubscriptionId('sub-1')).toMatchObject({
      id: created.id,
      expiresAt: '2026-01-07T00:00:00.000Z',
      createdAt: created.createdAt,
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    expect(await f.store.webhookSubscriptions.expiringBefore('2026-01-05T00:00:00.000Z')).toEqual(
      [],
    );
    expect(
      await f.store.webhookSubscriptions.expiringBefore('2026-01-08T00:00:00.000Z'),
    ).toHaveLength(1);
    await f.store.webhookSubscriptions.delete(created.id);
    expect(await f.store.webhookSubscriptions.list()).toEqual([]);
  });
});
