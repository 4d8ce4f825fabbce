import { afterEach, describe, expect, it } from 'vitest';
import { createMockErp, type MockErp } from '../create-mock-erp';
import { apiClient, manualClock, usa } from '../testing/api-client';

interface Delivery {
  url: string;
  value: Record<string, unknown>[];
}

/** A webhook receiver as an injected fetch: echoes tokens, records deliveries, can fail. */
function fakeReceiver() {
  const deliveries: Delivery[] = [];
  const state = { fail: 0, attempts: 0 };
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    await Promise.resolve();
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const token = url.searchParams.get('validationToken');
    if (token !== null) return new Response(token, { status: 200 });
    state.attempts++;
    if (state.fail > 0) {
      state.fail--;
      return new Response('down', { status: 503 });
    }
    const body = JSON.parse(init?.body as string) as { value: Record<string, unknown>[] };
    deliveries.push({ url: url.href, value: body.value });
    return new Response(null, { status: 202 });
  };
  return { deliveries, state, fetch };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds; generous, because CI runs many suites at once on two cores. */
async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await wait(5);
  }
}

describe('webhooks', { timeout: 20_000 }, () => {
  let app: MockErp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function setup(
    extra: { webhookCollectionThreshold?: number; webhookDelayMs?: number } = {},
  ) {
    const clock = manualClock('2025-03-01T12:00:00.000Z');
    const receiver = fakeReceiver();
    app = await createMockErp({
      clock: clock.now,
      fetch: receiver.fetch,
      webhookDelayMs: 80,
      webhookRetries: 2,
      webhookRetryBaseMs: 10,
      ...extra,
    });
    const client = apiClient(app);
    const sub = await client.post('subscriptions', {
      notificationUrl: 'http://receiver.test/hook',
      resource: `/api/v2.0/companies(${usa})/customers`,
      clientState: 'secret',
    });
    expect(sub.status).toBe(201);
    return {
      clock,
      receiver,
      client,
      sub: sub.body as {
        subscriptionId: string;
        '@odata.etag': string;
        expirationDateTime: string;
      },
    };
  }

  it('a subscription expires exactly three days after it was created, by the injected clock', async () => {
    const { sub } = await setup();
    expect(sub.expirationDateTime).toBe('2025-03-04T12:00:00.000Z');
  });

  it('changes within the delay arrive as one notification per subscription', async () => {
    // A delay long enough that a loaded CI machine still makes both changes within it.
    const { client, receiver } = await setup({ webhookDelayMs: 1000 });
    await client.post(`companies(${usa})/customers`, { displayName: 'One' });
    await client.post(`companies(${usa})/customers`, { displayName: 'Two' });
    await until(() => receiver.deliveries.length > 0);
    await wait(120);
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries[0]?.value.map((v) => v['changeType'])).toEqual([
      'created',
      'created',
    ]);
    expect(receiver.deliveries[0]?.value[0]).toMatchObject({
      clientState: 'secret',
      expirationDateTime: '2025-03-04T12:00:00.000Z',
    });
  });

  it('more changes than the collection threshold arrive as one collection notification', async () => {
    const { client, receiver } = await setup({ webhookCollectionThreshold: 2 });
    for (const name of ['A', 'B', 'C'])
      await client.post(`companies(${usa})/customers`, { displayName: name });
    await until(() => receiver.deliveries.length > 0);
    expect(receiver.deliveries[0]?.value).toHaveLength(1);
    expect(receiver.deliveries[0]?.value[0]).toMatchObject({
      changeType: 'collection',
      resource: `api/v2.0/companies(${usa})/customers`,
    });
  });

  it('changes in other entity sets or companies are not notified', async () => {
    const { client, receiver } = await setup();
    await client.post(`companies(${usa})/items`, { displayName: 'Not watched' });
    await wait(150);
    expect(receiver.deliveries).toHaveLength(0);
  });

  it('edits and deletes made by another user are notified like API writes', async () => {
    const { client, receiver } = await setup();
    const created = await client.post(`companies(${usa})/customers`, { displayName: 'Watched' });
    await until(() => receiver.deliveries.length === 1);
    await app!.controls.editAsUser('customers', created.body.id as string, { city: 'Miami' });
    await app!.controls.deleteAsUser('customers', created.body.id as string);
    await until(() => receiver.deliveries.length === 2);
    expect(receiver.deliveries[1]?.value.map((v) => v['changeType'])).toEqual([
      'updated',
      'deleted',
    ]);
  });

  it('a failed delivery is retried with backoff until it succeeds', async () => {
    const { client, receiver } = await setup();
    receiver.state.fail = 2;
    await client.post(`companies(${usa})/customers`, { displayName: 'Retry me' });
    await until(() => receiver.deliveries.length === 1);
    expect(receiver.state.attempts).toBe(3);
    expect(app!.controls.counters().webhooks).toMatchObject({
      deliveriesFailed: 2,
      deliveriesSucceeded: 1,
    });
  });

  it('a delivery that keeps failing is dropped after the configured retries', async () => {
    const { client, receiver } = await setup();
    receiver.state.fail = 100;
    await client.post(`companies(${usa})/customers`, { displayName: 'Lost' });
    await until(() => app!.controls.counters().webhooks.deliveriesDropped === 1);
    expect(receiver.state.attempts).toBe(3);
  });

  it('an expired subscription receives nothing and is no longer listed', async () => {
    const { client, receiver, clock } = await setup();
    clock.advance(3 * 24 * 60 * 60 * 1000);
    await client.post(`companies(${usa})/customers`, { displayName: 'Too late' });
    await wait(150);
    expect(receiver.deliveries).toHaveLength(0);
    expect((await client.get('subscriptions')).body.value).toEqual([]);
  });

  it('renewing before expiry keeps notifications coming for three more days', async () => {
    const { client, receiver, clock, sub } = await setup();
    clock.advance(2 * 24 * 60 * 60 * 1000);
    const renewed = await client.patch(
      `subscriptions('${sub.subscriptionId}')`,
      {},
      { 'If-Match': sub['@odata.etag'] },
    );
    expect(renewed.body.expirationDateTime).toBe('2025-03-06T12:00:00.000Z');
    clock.advance(2 * 24 * 60 * 60 * 1000);
    await client.post(`companies(${usa})/customers`, { displayName: 'Still heard' });
    await until(() => receiver.deliveries.length === 1);
  });

  it('close() cancels pending notifications so no timer outlives the mock', async () => {
    const { client, receiver } = await setup();
    await client.post(`companies(${usa})/customers`, { displayName: 'Pending' });
    await app!.close();
    app = undefined;
    await wait(150);
    expect(receiver.deliveries).toHaveLength(0);
  });
});
