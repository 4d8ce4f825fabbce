/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

export function updateDeleteRules(ctx: () => ContractContext) {
  const account = (name = 'Editable') => ctx().create('accounts', { name: ctx().unique(name) });

  it('GET by id returns the record with its etag', async () => {
    const a = await account('Readable');
    const reply = await ctx().client.get(a.url);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ accountid: a.id, name: a.body.name, '@odata.etag': a.etag });
    expect(reply.body['@odata.context']).toContain('$metadata#accounts');
  });

  it('a GET with If-None-Match of the current etag is answered 304 Not Modified', async () => {
    const a = await account('Cached');
    const reply = await ctx().client.get(a.url, { 'If-None-Match': a.etag });
    expect(reply.status).toBe(304);
    expect(reply.text).toBe('');
  });

  it('an id that does not exist is answered 404 with code 0x80040217', async () => {
    const reply = await ctx().client.get(`accounts(${randomUUID()})`);
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toBe('0x80040217');
  });

  it('a key that is not a GUID is answered 400', async () => {
    const reply = await ctx().client.get('accounts(not-a-guid)');
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('PATCH without conditions updates the record and answers 204 with OData-EntityId', async () => {
    const a = await account();
    const reply = await ctx().client.patch(a.url, { address1_city: 'Tromsø' });
    expect(reply.status).toBe(204);
    expect(reply.headers.get('odata-entityid')).toContain(`accounts(${a.id})`);
    expect((await ctx().client.get(a.url)).body.address1_city).toBe('Tromsø');
  });

  it('PATCH with Prefer: return=representation answers 200 with the updated record', async () => {
    const a = await account();
    const reply = await ctx().client.patch(
      a.url,
      { telephone1: '+47 555 0101' },
      { Prefer: 'return=representation' },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ accountid: a.id, telephone1: '+47 555 0101' });
    expect(reply.body['@odata.etag']).not.toBe(a.etag);
  });

  it('PATCH with the current etag in If-Match updates the record and changes its etag', async () => {
    const a = await account();
    const reply = await ctx().client.patch(
      a.url,
      { creditlimit: 2500 },
      { 'If-Match': a.etag, Prefer: 'return=representation' },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.creditlimit).toBe(2500);
    expect(reply.body['@odata.etag']).not.toBe(a.etag);
  });

  it('PATCH with a stale etag is refused with 412, says the version does not match, and changes nothing', async () => {
    const a = await account('Original');
    await ctx().client.patch(a.url, { name: 'By someone else' });
    const reply = await ctx().client.patch(a.url, { name: 'Lost update' }, { 'If-Match': a.etag });
    expect(reply.status).toBe(412);
    const error = errorOf(reply);
    expect(error.code).toBe('0x80060882');
    expect(error.message.toLowerCase()).toContain('version');
    expect(error.message.toLowerCase()).toMatch(/does ?n[o']t match/);
    expect((await ctx().client.get(a.url)).body.name).toBe('By someone else');
  });

  it('PATCH with If-Match: * updates an existing record whatever its version', async () => {
    const a = await account();
    await ctx().client.patch(a.url, { name: 'Changed meanwhile' });
    const reply = await ctx().client.patch(a.url, { name: 'Star' }, { 'If-Match': '*' });
    expect(reply.status).toBe(204);
    expect((await ctx().client.get(a.url)).body.name).toBe('Star');
  });

  it('PATCH with If-Match: * on a missing record is answered 404 and creates nothing', async () => {
    const id = randomUUID();
    const reply = await ctx().client.patch(
      `accounts(${id})`,
      { name: 'Ghost' },
      { 'If-Match': '*' },
    );
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toBe('0x80040217');
    expect((await ctx().client.get(`accounts(${id})`)).status).toBe(404);
  });

  it('PATCH on a missing id without conditions creates the record with that id (upsert)', async () => {
    const id = randomUUID();
    const name = ctx().unique('Upserted');
    const reply = await ctx().client.patch(`accounts(${id})`, { name });
    expect(reply.status).toBe(204);
    expect(reply.headers.get('odata-entityid')).toContain(`accounts(${id})`);
    expect((await ctx().client.get(`accounts(${id})`)).body.name).toBe(name);
  });

  it('PATCH with If-None-Match: * creates a missing record', async () => {
    const id = randomUUID();
    const reply = await ctx().client.patch(
      `accounts(${id})`,
      { name: ctx().unique('Create only') },
      { 'If-None-Match': '*', Prefer: 'return=representation' },
    );
    expect(reply.status).toBe(201);
    expect(reply.body.accountid).toBe(id);
  });

  it('PATCH with If-None-Match: * on an existing record is refused with 412 and changes nothing', async () => {
    const a = await account('Existing');
    const reply = await ctx().client.patch(
      a.url,
      { name: 'Overwritten' },
      { 'If-None-Match': '*' },
    );
    expect(reply.status).toBe(412);
    expect(errorOf(reply).code).toBe('0x80040237');
    expect((await ctx().client.get(a.url)).body.name).toBe(a.body.name);
  });

  it('PATCH with a key in the body that differs from the URL is refused with 400', async () => {
    const a = await account();
    const reply = await ctx().client.patch(a.url, { accountid: randomUUID() });
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('DELETE answers 204 and the record is gone', async () => {
    const a = await account();
    const reply = await ctx().client.delete(a.url);
    expect(reply.status).toBe(204);
    expect((await ctx().client.get(a.url)).status).toBe(404);
  });

  it('DELETE of a missing record is answered 404 with code 0x80040217', async () => {
    const reply = await ctx().client.delete(`accounts(${randomUUID()})`);
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toBe('0x80040217');
  });

  it('DELETE with a stale etag is refused with 412 and the record stays', async () => {
    const a = await account();
    await ctx().client.patch(a.url, { name: 'Touched' });
    const reply = await ctx().client.delete(a.url, { 'If-Match': a.etag });
    expect(reply.status).toBe(412);
    expect(errorOf(reply).code).toBe('0x80060882');
    expect((await ctx().client.get(a.url)).status).toBe(200);
  });

  it('DELETE with the current etag deletes the record', async () => {
    const a = await account();
    const reply = await ctx().client.delete(a.url, { 'If-Match': a.etag });
    expect(reply.status).toBe(204);
    expect((await ctx().client.get(a.url)).status).toBe(404);
  });
}
