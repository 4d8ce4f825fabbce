/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

export function createRules(ctx: () => ContractContext) {
  it('POST answers 204 with an OData-EntityId header naming the new record', async () => {
    const name = ctx().unique('Created');
    const reply = await ctx().client.post('accounts', { name });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    const entityId = reply.headers.get('odata-entityid') ?? '';
    const m = /\/api\/data\/v9\.2\/accounts\(([0-9a-f-]{36})\)$/.exec(entityId);
    expect(m, entityId).not.toBeNull();
    const read = await ctx().client.get(`accounts(${m?.[1] ?? ''})`);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe(name);
  });

  it('POST with Prefer: return=representation answers 201 with the record and Preference-Applied', async () => {
    const name = ctx().unique('Represented');
    const reply = await ctx().client.post(
      'accounts',
      { name, creditlimit: 1500 },
      { Prefer: 'return=representation' },
    );
    expect(reply.status).toBe(201);
    expect(reply.headers.get('preference-applied')).toContain('return=representation');
    expect(reply.body).toMatchObject({ name, creditlimit: 1500 });
    expect(reply.body.accountid).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get('odata-entityid')).toContain(`accounts(${reply.body.accountid})`);
  });

  it('every record carries versionnumber, createdon, modifiedon and @odata.etag W/"<versionnumber>"', async () => {
    const { body } = await ctx().create('products', { name: ctx().unique('Versioned') });
    expect(typeof body.versionnumber).toBe('number');
    expect(body['@odata.etag']).toBe(`W/"${String(body.versionnumber)}"`);
    expect(Date.parse(String(body.createdon))).not.toBeNaN();
    expect(Date.parse(String(body.modifiedon))).not.toBeNaN();
  });

  it('a record created with a client-chosen id keeps that id', async () => {
    const id = randomUUID();
    const reply = await ctx().client.post('accounts', {
      accountid: id,
      name: ctx().unique('Own id'),
    });
    expect(reply.status).toBe(204);
    expect(reply.headers.get('odata-entityid')).toContain(`accounts(${id})`);
    expect((await ctx().client.get(`accounts(${id})`)).status).toBe(200);
  });

  it('POST with the id of an existing record is refused and changes nothing', async () => {
    const { id, body } = await ctx().create('accounts', { name: ctx().unique('First') });
    const reply = await ctx().client.post('accounts', { accountid: id, name: 'Second' });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    expect(errorOf(reply).code).toBe('0x80040237');
    expect((await ctx().client.get(`accounts(${id})`)).body.name).toBe(body.name);
  });

  it("a contact's parent account is set with parentcustomerid_account@odata.bind and read as _parentcustomerid_value", async () => {
    const account = await ctx().create('accounts', { name: ctx().unique('Parent') });
    const contact = await ctx().create('contacts', {
      firstname: 'Ada',
      lastname: ctx().unique('Child'),
      'parentcustomerid_account@odata.bind': `/accounts(${account.id})`,
    });
    expect(contact.body._parentcustomerid_value).toBe(account.id);
  });

  it('a lookup can be cleared by binding null', async () => {
    const account = await ctx().create('accounts', { name: ctx().unique('Parent') });
    const contact = await ctx().create('contacts', {
      lastname: ctx().unique('Unbound'),
      'parentcustomerid_account@odata.bind': `/accounts(${account.id})`,
    });
    const reply = await ctx().client.patch(contact.url, {
      'parentcustomerid_account@odata.bind': null,
    });
    expect(reply.status).toBe(204);
    expect((await ctx().client.get(contact.url)).body._parentcustomerid_value).toBeNull();
  });

  it('binding a parent account that does not exist is answered 404 0x80040217 and creates nothing', async () => {
    const lastname = ctx().unique('Orphan');
    const reply = await ctx().client.post('contacts', {
      lastname,
      'parentcustomerid_account@odata.bind': `/accounts(${randomUUID()})`,
    });
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toBe('0x80040217');
    const found = await ctx().client.get(
      `contacts?$select=lastname&$filter=${encodeURIComponent(`lastname eq '${lastname}'`)}`,
    );
    expect(found.body.value).toEqual([]);
  });

  it('a contact gets its fullname from first and last name', async () => {
    const lastname = ctx().unique('Lovelace');
    const contact = await ctx().create('contacts', { firstname: 'Ada', lastname });
    expect(contact.body.fullname).toBe(`Ada ${lastname}`);
  });

  it('version numbers strictly increase across the table with every write', async () => {
    const a = await ctx().create('accounts', { name: ctx().unique('V1') });
    const b = await ctx().create('accounts', { name: ctx().unique('V2') });
    const patched = await ctx().client.patch(
      a.url,
      { name: ctx().unique('V1b') },
      { Prefer: 'return=representation' },
    );
    const versions = [a.body.versionnumber, b.body.versionnumber, patched.body.versionnumber].map(
      Number,
    );
    expect(versions[1]).toBeGreaterThan(versions[0] ?? Infinity);
    expect(versions[2]).toBeGreaterThan(versions[1] ?? Infinity);
  });
}
