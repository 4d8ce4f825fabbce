/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { expect, it } from 'vitest';
import type { ContractContext, RuleOptions } from '../context';
import { errorOf } from '../context';

export function updateDeleteRules(ctx: () => ContractContext, opts: RuleOptions) {
  async function customer(name = 'Editable') {
    const reply = await ctx().client.post(ctx().set('customers'), {
      number: ctx().uniqueNumber('E'),
      displayName: name,
    });
    expect(reply.status).toBe(201);
    return {
      id: reply.body.id as string,
      etag: reply.body['@odata.etag'] as string,
      url: `${ctx().set('customers')}(${reply.body.id as string})`,
    };
  }

  it('GET by id returns the record with its etag', async () => {
    const c = await customer('Readable');
    const reply = await ctx().client.get(c.url);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: c.id, displayName: 'Readable', '@odata.etag': c.etag });
  });

  it('an id that does not exist is answered 404 Internal_RecordNotFound', async () => {
    const reply = await ctx().client.get(
      `${ctx().set('customers')}(00000000-0000-0000-0000-00000000beef)`,
    );
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toBe('Internal_RecordNotFound');
  });

  it('a key that is not a GUID is answered 400', async () => {
    const reply = await ctx().client.get(`${ctx().set('customers')}(not-a-guid)`);
    expect(reply.status).toBe(400);
  });

  it('PATCH without If-Match is refused with 400 BadRequest_InvalidToken and changes nothing', async () => {
    const c = await customer('Unchanged');
    const reply = await ctx().client.patch(c.url, { displayName: 'Changed' });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).code).toBe('BadRequest_InvalidToken');
    expect((await ctx().client.get(c.url)).body.displayName).toBe('Unchanged');
  });

  it('PATCH with the current etag answers 200 with the record and a new etag', async () => {
    const c = await customer('Before');
    const reply = await ctx().client.patch(
      c.url,
      { displayName: 'After', creditLimit: 99 },
      { 'If-Match': c.etag },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: c.id, displayName: 'After', creditLimit: 99 });
    expect(reply.body['@odata.etag']).not.toBe(c.etag);
  });

  it('PATCH with a stale etag is refused with 409 Request_EntityChanged and changes nothing', async () => {
    const c = await customer('Original');
    await ctx().client.patch(c.url, { displayName: 'By someone else' }, { 'If-Match': c.etag });
    const reply = await ctx().client.patch(
      c.url,
      { displayName: 'Lost update' },
      { 'If-Match': c.etag },
    );
    expect(reply.status).toBe(409);
    const error = errorOf(reply);
    expect(error.code).toBe('Request_EntityChanged');
    expect(error.message).toContain('Another user has already changed the record.');
    expect((await ctx().client.get(c.url)).body.displayName).toBe('By someone else');
  });

  it('PATCH with If-Match: * updates whatever the version', async () => {
    const c = await customer('Any');
    const reply = await ctx().client.patch(c.url, { displayName: 'Star' }, { 'If-Match': '*' });
    expect(reply.status).toBe(200);
    expect(reply.body.displayName).toBe('Star');
  });

  it('every write changes the etag and does not move lastModifiedDateTime backwards', async () => {
    const c = await customer('Versions');
    const first = await ctx().client.patch(c.url, { city: 'Atlanta' }, { 'If-Match': c.etag });
    const second = await ctx().client.patch(
      c.url,
      { city: 'Miami' },
      { 'If-Match': first.body['@odata.etag'] as string },
    );
    expect(new Set([c.etag, first.body['@odata.etag'], second.body['@odata.etag']]).size).toBe(3);
    expect(Date.parse(second.body.lastModifiedDateTime as string)).toBeGreaterThanOrEqual(
      Date.parse(first.body.lastModifiedDateTime as string),
    );
  });

  it('PATCH cannot change the id of a record', async () => {
    const c = await customer('Fixed id');
    const reply = await ctx().client.patch(
      c.url,
      { id: '11111111-1111-4111-8111-111111111111' },
      { 'If-Match': c.etag },
    );
    expect(reply.status).toBe(400);
  });

  it('DELETE without If-Match is refused with 400 and the record stays', async () => {
    const c = await customer();
    const reply = await ctx().client.delete(c.url);
    expect(reply.status).toBe(400);
    expect(errorOf(reply).code).toBe('BadRequest_InvalidToken');
    expect((await ctx().client.get(c.url)).status).toBe(200);
  });

  it('DELETE with a stale etag is refused with 409 Request_EntityChanged', async () => {
    const c = await customer();
    await ctx().client.patch(c.url, { city: 'Boston' }, { 'If-Match': c.etag });
    const reply = await ctx().client.delete(c.url, { 'If-Match': c.etag });
    expect(reply.status).toBe(409);
    expect(errorOf(reply).code).toBe('Request_EntityChanged');
  });

  it('DELETE with the current etag answers 204 and the record is gone', async () => {
    const c = await customer();
    const reply = await ctx().client.delete(c.url, { 'If-Match': c.etag });
    expect(reply.status).toBe(204);
    expect((await ctx().client.get(c.url)).status).toBe(404);
  });

  it.skipIf(!opts.mockControls)('a deleted record is listed by the mock deletion log', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const c = await customer();
    await ctx().client.delete(c.url, { 'If-Match': c.etag });
    const reply = await ctx().client.call(
      'GET',
      `/_mock/deleted?since=${encodeURIComponent(since)}&entitySet=customers`,
    );
    expect(reply.status).toBe(200);
    expect((reply.body.value as { id: string }[]).map((d) => d.id)).toContain(c.id);
  });

  it.skipIf(!opts.mockControls)('an edit by another user makes the client etag stale', async () => {
    const c = await customer('Mine');
    const edit = await ctx().client.control('POST', 'edit', {
      entitySet: 'customers',
      id: c.id,
      patch: { displayName: 'Theirs' },
    });
    expect(edit.status).toBe(200);
    const reply = await ctx().client.patch(
      c.url,
      { displayName: 'Mine again' },
      { 'If-Match': c.etag },
    );
    expect(reply.status).toBe(409);
  });
}
