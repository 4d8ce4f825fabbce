/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

/** Mock-only rules: the /_mock/ controls. The last ones reset the mock. */
export function controlRules(ctx: () => ContractContext) {
  const deltaLinkOf = async (set: string) => {
    let url: string | undefined = `${set}?$select=name`;
    for (let i = 0; url !== undefined && i < 1000; i++) {
      const reply = await ctx().client.get(url, { Prefer: 'odata.track-changes' });
      if (reply.body['@odata.deltaLink'] !== undefined)
        return reply.body['@odata.deltaLink'] as string;
      url = reply.body['@odata.nextLink'] as string | undefined;
    }
    throw new Error('no delta link');
  };

  it('the controls need the same bearer token', async () => {
    const reply = await ctx().client.call('GET', '/_mock/counters', undefined, {}, '');
    expect(reply.status).toBe(401);
    errorOf(reply);
  });

  it('counters count answered requests by status and method', async () => {
    const before = (await ctx().client.control('GET', 'counters')).body;
    await ctx().client.get(`accounts(${randomUUID()})`);
    const after = (await ctx().client.control('GET', 'counters')).body;
    expect(after.requests).toBeGreaterThan(before.requests as number);
    expect(after.byStatus['404']).toBe(((before.byStatus['404'] as number | undefined) ?? 0) + 1);
    expect(after.byMethod.GET).toBeGreaterThan(before.byMethod.GET as number);
  });

  it('an edit by another user bumps the version and shows up in change tracking', async () => {
    const a = await ctx().create('accounts', { name: ctx().unique('To edit') });
    const deltaLink = await deltaLinkOf('accounts');
    const edit = await ctx().client.control('POST', 'edit', {
      entitySet: 'accounts',
      id: a.id,
      patch: { name: 'Edited by a user' },
    });
    expect(edit.status).toBe(200);
    expect(edit.body.name).toBe('Edited by a user');
    expect(edit.body['@odata.etag']).not.toBe(a.etag);
    const stale = await ctx().client.patch(a.url, { name: 'Mine' }, { 'If-Match': a.etag });
    expect(stale.status).toBe(412);
    const delta = await ctx().client.get(deltaLink, { Prefer: 'odata.track-changes' });
    expect(delta.body.value).toEqual([
      expect.objectContaining({ accountid: a.id, name: 'Edited by a user' }),
    ]);
  });

  it('a delete by another user removes the record and leaves a tombstone', async () => {
    const a = await ctx().create('accounts', { name: ctx().unique('To delete') });
    const deltaLink = await deltaLinkOf('accounts');
    expect(
      (await ctx().client.control('POST', 'delete', { entitySet: 'accounts', id: a.id })).status,
    ).toBe(200);
    expect((await ctx().client.get(a.url)).status).toBe(404);
    const delta = await ctx().client.get(deltaLink, { Prefer: 'odata.track-changes' });
    expect(delta.body.value).toEqual([expect.objectContaining({ id: a.id, reason: 'deleted' })]);
  });

  it('edits and deletes of unknown records or sets are refused with 404 and 400', async () => {
    const missing = await ctx().client.control('POST', 'edit', {
      entitySet: 'accounts',
      id: randomUUID(),
      patch: { name: 'x' },
    });
    expect(missing.status).toBe(404);
    const unknownSet = await ctx().client.control('POST', 'delete', {
      entitySet: 'leads',
      id: randomUUID(),
    });
    expect(unknownSet.status).toBe(400);
    const badPatch = await ctx().client.control('POST', 'edit', {
      entitySet: 'accounts',
      id: randomUUID(),
      patch: 'not an object',
    });
    expect(badPatch.status).toBeGreaterThanOrEqual(400);
    expect(badPatch.status).toBeLessThan(500);
  });

  it('reset empties the mock and the same seed then yields the same records', async () => {
    const snapshot = async () => {
      expect((await ctx().client.control('POST', 'reset')).status).toBe(200);
      const seeded = await ctx().client.control('POST', 'seed', { count: 25, seed: 42 });
      expect(seeded.status).toBe(200);
      expect(seeded.body.accounts).toBe(25);
      const accounts = await ctx().client.get('accounts?$select=name,accountnumber,versionnumber');
      const contacts = await ctx().client.get('contacts?$select=fullname,_parentcustomerid_value');
      return { accounts: accounts.body.value, contacts: contacts.body.value, seeded: seeded.body };
    };
    const first = await snapshot();
    const second = await snapshot();
    expect(first.accounts).toHaveLength(25);
    expect(second).toEqual(first);
  }, 30_000);

  it('without a page size preference a page holds at most 5000 records and links to the next', async () => {
    await ctx().client.control('POST', 'reset');
    await ctx().client.control('POST', 'seed', { count: 5001, seed: 1 });
    const first = await ctx().client.get('accounts?$select=name');
    expect(first.body.value).toHaveLength(5000);
    const next = await ctx().client.get(first.body['@odata.nextLink'] as string);
    expect(next.body.value).toHaveLength(1);
    expect(next.body['@odata.nextLink']).toBeUndefined();
    const capped = await ctx().client.get('accounts?$select=name', {
      Prefer: 'odata.maxpagesize=9000',
    });
    expect(capped.body.value).toHaveLength(5000);
    await ctx().client.control('POST', 'reset');
  }, 60_000);
}
