/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

export function authAndCompaniesRules(ctx: () => ContractContext) {
  it('a request without a bearer token is answered 401 with an error body', async () => {
    const reply = await ctx().client.call('GET', '/api/v2.0/companies', undefined, {}, '');
    expect(reply.status).toBe(401);
    expect(errorOf(reply).message).not.toBe('');
  });

  it('a request with a wrong token is answered 401', async () => {
    const reply = await ctx().client.call(
      'GET',
      '/api/v2.0/companies',
      undefined,
      {},
      'wrong-token',
    );
    expect(reply.status).toBe(401);
  });

  it('companies lists at least two companies, each with a GUID id and a name', async () => {
    const reply = await ctx().client.get('companies');
    expect(reply.status).toBe(200);
    const companies = reply.body.value as { id: string; name: string }[];
    expect(companies.length).toBeGreaterThanOrEqual(2);
    for (const c of companies)
      expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('a company that does not exist is answered 404 with a BC error code', async () => {
    const reply = await ctx().client.get(
      'companies(00000000-0000-0000-0000-0000000000aa)/customers',
    );
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toMatch(/NotFound/);
  });

  it('an unknown entity set is answered 404 BadRequest_NotFound', async () => {
    const reply = await ctx().client.get(`companies(${ctx().companyId})/vendorsx`);
    expect(reply.status).toBe(404);
    expect(errorOf(reply).code).toBe('BadRequest_NotFound');
  });
}
