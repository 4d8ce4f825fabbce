/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

export function badInputRules(ctx: () => ContractContext) {
  const countNamed = async (name: string) =>
    (
      (
        await ctx().client.get(
          `accounts?$select=name&$filter=${encodeURIComponent(`name eq '${name}'`)}`,
        )
      ).body.value as unknown[]
    ).length;

  it('malformed JSON is answered 400 with an OData error and creates nothing', async () => {
    const reply = await ctx().client.post('accounts', '{"name": "Broken",');
    expect(reply.status).toBe(400);
    errorOf(reply);
    expect(await countNamed('Broken')).toBe(0);
  });

  it('a body that is not a JSON object is answered 400', async () => {
    for (const body of ['[]', '"text"', '42']) {
      const reply = await ctx().client.post('accounts', body);
      expect(reply.status, body).toBe(400);
      errorOf(reply);
    }
  });

  it('an unknown property in a body is answered 400 naming it, and nothing is written', async () => {
    const name = ctx().unique('Unknown prop');
    const reply = await ctx().client.post('accounts', { name, colour: 'blue' });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toContain('colour');
    expect(await countNamed(name)).toBe(0);
  });

  it('a value of the wrong type is answered 400', async () => {
    for (const body of [{ creditlimit: 'a lot' }, { name: 42 }, { statecode: true }]) {
      const reply = await ctx().client.post('accounts', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      errorOf(reply);
    }
  });

  it('a text longer than its column allows is answered 400', async () => {
    const reply = await ctx().client.post('accounts', { name: 'x'.repeat(161) });
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('an option-set value that does not exist is answered 400', async () => {
    const reply = await ctx().client.post('accounts', {
      name: ctx().unique('Bad state'),
      statecode: 7,
    });
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('writing a lookup value property directly is refused; @odata.bind is the way', async () => {
    const account = await ctx().create('accounts', { name: ctx().unique('Lookup target') });
    const reply = await ctx().client.post('contacts', {
      lastname: ctx().unique('Direct'),
      _parentcustomerid_value: account.id,
    });
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('a malformed @odata.bind reference is answered 400', async () => {
    for (const ref of ['accounts', '/accounts(not-a-guid)', `/products(${randomUUID()})`, 42]) {
      const reply = await ctx().client.post('contacts', {
        lastname: 'Bad bind',
        'parentcustomerid_account@odata.bind': ref,
      });
      expect(reply.status, String(ref)).toBe(400);
      errorOf(reply);
    }
  });

  it('a GUID property with a value that is not a GUID is answered 400', async () => {
    const reply = await ctx().client.post('accounts', { accountid: 'abc', name: 'Bad id' });
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('a $filter literal of the wrong type is answered 400', async () => {
    for (const filter of [
      "creditlimit eq 'many'",
      'accountid eq 12',
      "modifiedon gt 'yesterday'",
    ]) {
      const reply = await ctx().client.get(`accounts?$filter=${encodeURIComponent(filter)}`);
      expect(reply.status, filter).toBe(400);
      errorOf(reply);
    }
  });

  it('a method an address does not support is answered 405 with an OData error', async () => {
    const a = await ctx().create('accounts', { name: ctx().unique('Method') });
    const reply = await ctx().client.post(a.url, { name: 'x' });
    expect(reply.status).toBe(405);
    errorOf(reply);
  });

  it('a query option the service does not implement is answered 501 naming it', async () => {
    const reply = await ctx().client.get('accounts?$apply=groupby((name))');
    expect(reply.status).toBe(501);
    expect(errorOf(reply).message).toContain('$apply');
  });

  it('addressing a single property is answered 501 naming what is missing', async () => {
    const a = await ctx().create('accounts', { name: ctx().unique('Property') });
    const reply = await ctx().client.get(`${a.url}/name`);
    expect(reply.status).toBe(501);
    expect(errorOf(reply).message).toContain('name');
  });

  it('no client mistake is ever answered with a 5xx', async () => {
    const id = randomUUID();
    const attempts: [string, string, unknown?][] = [
      ['GET', `accounts(${id})/nosuchthing`],
      ['GET', 'accounts?$top=-1'],
      ['GET', 'accounts?$top=99999999999999999999'],
      ['GET', 'accounts?$select='],
      ['GET', 'accounts?$filter=contains(name)'],
      ['GET', 'accounts?$filter=name eq null or'],
      ['GET', 'accounts?$orderby=name sideways'],
      ['GET', 'accounts?$expand=nosuchnav'],
      ['GET', 'accounts?$count=maybe'],
      ['GET', 'accounts?$skiptoken=%%%'],
      ['GET', 'accounts(%zz)'],
      ['PATCH', `accounts(${id})`, '{"name":'],
      ['PATCH', `accounts(${id})`, { 'nosuchnav@odata.bind': '/accounts(1)' }],
      ['DELETE', 'accounts'],
      ['POST', '$batch', 'no boundary here'],
    ];
    for (const [method, path, body] of attempts) {
      const reply = await ctx().client.call(method, `/api/data/v9.2/${path}`, body);
      expect(
        reply.status,
        `${method} ${path} → ${reply.text.slice(0, 200)}`,
      ).toBeGreaterThanOrEqual(400);
      expect(reply.status, `${method} ${path} → ${reply.text.slice(0, 200)}`).toBeLessThan(500);
      if (reply.text !== '') errorOf(reply);
    }
  });
}
