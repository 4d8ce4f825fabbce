/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { expect, it } from 'vitest';
import { eventually } from '../client';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

const threeDaysMs = 3 * 24 * 60 * 60 * 1000;

export function webhookRules(ctx: () => ContractContext) {
  const receiver = () => {
    const r = ctx().target.receiver;
    if (!r) throw new Error('this target offers no webhook receiver');
    return r;
  };
  const subscribe = (
    resource = `/api/v2.0/${ctx().set('customers')}`,
    clientState = 'contract-state',
  ) =>
    ctx().client.post('subscriptions', { notificationUrl: receiver().url, resource, clientState });
  const cleanup = async (reply: { body: { subscriptionId: string; '@odata.etag': string } }) => {
    await ctx().client.delete(`subscriptions('${reply.body.subscriptionId}')`, {
      'If-Match': reply.body['@odata.etag'],
    });
  };

  it('creating a subscription first calls notificationUrl with a validationToken, then answers 201', async () => {
    const before = receiver().state.validations.length;
    const reply = await subscribe();
    expect(reply.status).toBe(201);
    expect(receiver().state.validations.length).toBe(before + 1);
    expect(reply.body).toMatchObject({
      notificationUrl: receiver().url,
      clientState: 'contract-state',
    });
    expect(typeof reply.body.subscriptionId).toBe('string');
    const expiresIn = Date.parse(reply.body.expirationDateTime as string) - Date.now();
    expect(expiresIn).toBeGreaterThan(threeDaysMs - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(threeDaysMs);
    await cleanup(reply);
  });

  it('a notificationUrl that does not echo the validationToken gets no subscription', async () => {
    receiver().state.echo = false;
    try {
      const reply = await subscribe();
      expect(reply.status).toBe(400);
      errorOf(reply);
      const list = await ctx().client.get('subscriptions');
      expect(
        (list.body.value as { notificationUrl: string }[]).some(
          (s) => s.notificationUrl === receiver().url,
        ),
      ).toBe(false);
    } finally {
      receiver().state.echo = true;
    }
  });

  it('a resource that is not a collection of a company is refused with 400', async () => {
    const reply = await subscribe(
      '/api/v2.0/companies(00000000-0000-0000-0000-000000000000)/unicorns',
    );
    expect(reply.status).toBe(400);
  });

  it('created, updated and deleted records are notified in one batched POST carrying clientState and the record resource', async () => {
    const sub = await subscribe();
    const state = receiver().state;
    state.notifications.length = 0;
    const created = await ctx().client.post(ctx().set('customers'), {
      number: ctx().uniqueNumber('W'),
      displayName: 'Hooked',
    });
    const url = `${ctx().set('customers')}(${created.body.id as string})`;
    const updated = await ctx().client.patch(
      url,
      { city: 'Seattle' },
      { 'If-Match': created.body['@odata.etag'] as string },
    );
    await ctx().client.delete(url, { 'If-Match': updated.body['@odata.etag'] as string });
    await eventually(() => state.notifications.flatMap((n) => n.value).length >= 3);
    expect(state.notifications).toHaveLength(1);
    const value = state.notifications[0]!.value;
    expect(value.map((v) => v['changeType'])).toEqual(['created', 'updated', 'deleted']);
    for (const v of value) {
      expect(v).toMatchObject({
        subscriptionId: sub.body.subscriptionId as string,
        clientState: 'contract-state',
      });
      expect(v['resource']).toBe(`api/v2.0/${url}`);
      expect(typeof v['lastModifiedDateTime']).toBe('string');
      expect(typeof v['expirationDateTime']).toBe('string');
    }
    await cleanup(sub);
  });

  it('a notification the receiver refuses is delivered again later', async () => {
    const sub = await subscribe();
    const state = receiver().state;
    state.notifications.length = 0;
    state.failNext = 2;
    await ctx().client.post(ctx().set('customers'), {
      number: ctx().uniqueNumber('R'),
      displayName: 'Retried',
    });
    await eventually(() => state.notifications.length >= 1, 5000);
    expect(state.failNext).toBe(0);
    expect(state.notifications[0]!.value[0]?.['changeType']).toBe('created');
    await cleanup(sub);
  });

  it('renewing a subscription needs If-Match and pushes its expiration forward', async () => {
    const sub = await subscribe();
    const path = `subscriptions('${sub.body.subscriptionId as string}')`;
    const without = await ctx().client.patch(path, { clientState: 'renewed' });
    expect(without.status).toBe(400);
    await new Promise((r) => setTimeout(r, 5));
    const renewed = await ctx().client.patch(
      path,
      { clientState: 'renewed' },
      { 'If-Match': sub.body['@odata.etag'] as string },
    );
    expect(renewed.status).toBe(200);
    expect(renewed.body.clientState).toBe('renewed');
    expect(Date.parse(renewed.body.expirationDateTime as string)).toBeGreaterThan(
      Date.parse(sub.body.expirationDateTime as string),
    );
    await cleanup(renewed);
  });

  it('a deleted subscription receives nothing more', async () => {
    const sub = await subscribe();
    await cleanup(sub);
    const state = receiver().state;
    state.notifications.length = 0;
    await ctx().client.post(ctx().set('customers'), {
      number: ctx().uniqueNumber('X'),
      displayName: 'Unheard',
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(state.notifications).toHaveLength(0);
    expect(
      (await ctx().client.get(`subscriptions('${sub.body.subscriptionId as string}')`)).status,
    ).toBe(404);
  });
}
