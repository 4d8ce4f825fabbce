/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

export function serviceRules(ctx: () => ContractContext) {
  it('a request without a bearer token is answered 401 with an OData error', async () => {
    const reply = await ctx().client.call('GET', '/api/data/v9.2/accounts', undefined, {}, '');
    expect(reply.status).toBe(401);
    expect(errorOf(reply).message).not.toBe('');
  });

  it('a wrong bearer token is answered 401 with an OData error', async () => {
    const reply = await ctx().client.call(
      'GET',
      '/api/data/v9.2/accounts',
      undefined,
      {},
      'not-the-token',
    );
    expect(reply.status).toBe(401);
    errorOf(reply);
  });

  it('the service document at the base lists accounts, contacts and products', async () => {
    const reply = await ctx().client.get('');
    expect(reply.status).toBe(200);
    const names = (reply.body.value as { name: string; kind: string }[]).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['accounts', 'contacts', 'products']));
    expect(reply.body['@odata.context']).toMatch(/\$metadata$/);
  });

  it('$metadata is CSDL XML with the three entity types, their GUID keys and versionnumber', async () => {
    const reply = await ctx().client.get('$metadata', { accept: 'application/xml' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/xml/);
    for (const [type, key] of [
      ['account', 'accountid'],
      ['contact', 'contactid'],
      ['product', 'productid'],
    ]) {
      expect(reply.text).toMatch(
        new RegExp(`<EntityType Name="${type}"[^>]*>\\s*<Key><PropertyRef Name="${key}"`),
      );
      expect(reply.text).toContain(`Name="${key}" Type="Edm.Guid"`);
    }
    expect(reply.text).toContain('Name="versionnumber" Type="Edm.Int64"');
    expect(reply.text).toContain('Name="parentcustomerid_account"');
    expect(reply.text).toContain('<EntitySet Name="accounts"');
  });

  it('an unknown entity set is answered 404 with an OData error naming the segment', async () => {
    const reply = await ctx().client.get('invoicez');
    expect(reply.status).toBe(404);
    expect(errorOf(reply).message).toContain('invoicez');
  });

  it('answers carry OData-Version 4.0 and OData JSON', async () => {
    const reply = await ctx().client.get('accounts?$top=1&$select=name');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('odata-version')).toBe('4.0');
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body['@odata.context']).toContain('$metadata#accounts');
  });
}
