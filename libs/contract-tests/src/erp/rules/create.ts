/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createRules(ctx: () => ContractContext) {
  const count = async (filter: string) =>
    (
      await ctx().client.get(
        `${ctx().set('customers')}?$filter=${encodeURIComponent(filter)}&$count=true&$top=0`,
      )
    ).body['@odata.count'] as number;

  it('POST answers 201 with the whole record: id, number, etag and lastModifiedDateTime', async () => {
    const number = ctx().uniqueNumber('K');
    const reply = await ctx().client.post(ctx().set('customers'), {
      number,
      displayName: 'Contract Customer',
      email: 'buyer@contract.example.com',
      creditLimit: 1500,
      blocked: 'Invoice',
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      number,
      displayName: 'Contract Customer',
      creditLimit: 1500,
      blocked: 'Invoice',
    });
    expect(reply.body.id).toMatch(guid);
    expect(reply.body['@odata.etag']).toMatch(/^W\/"/);
    expect(Number.isNaN(Date.parse(reply.body.lastModifiedDateTime as string))).toBe(false);
  });

  it('a record created without a number gets the next number of its series', async () => {
    const customer = await ctx().client.post(ctx().set('customers'), {
      displayName: 'Series Customer',
    });
    const contact = await ctx().client.post(ctx().set('contacts'), {
      displayName: 'Series Person',
    });
    const item = await ctx().client.post(ctx().set('items'), { displayName: 'Series Item' });
    expect(customer.body.number).toMatch(/^C\d{5}$/);
    expect(contact.body.number).toMatch(/^CT\d{6}$/);
    expect(item.body.number).toMatch(/^\d{4,}$/);
  });

  it('a number that already exists is refused with 400 Internal_EntityWithSameKeyExists and nothing is written', async () => {
    const number = ctx().uniqueNumber('D');
    await ctx().client.post(ctx().set('customers'), { number, displayName: 'First' });
    const reply = await ctx().client.post(ctx().set('customers'), {
      number,
      displayName: 'Second',
    });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).code).toBe('Internal_EntityWithSameKeyExists');
    expect(await count(`number eq '${number}'`)).toBe(1);
  });

  it('an unknown property in the body is refused with 400 and nothing is written', async () => {
    const number = ctx().uniqueNumber('U');
    const reply = await ctx().client.post(ctx().set('customers'), {
      number,
      displayName: 'X',
      favouriteColour: 'red',
    });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toContain('favouriteColour');
    expect(await count(`number eq '${number}'`)).toBe(0);
  });

  it.each([
    ['an email address without @', { email: 'not-an-email' }, 'email'],
    ['a negative credit limit', { creditLimit: -1 }, 'creditLimit'],
    ['a blocked value that is not an option', { blocked: 'Sometimes' }, 'Sometimes'],
  ])(
    '%s is refused with 400 Application_… and a message naming the problem',
    async (_what, values, mentioned) => {
      const number = ctx().uniqueNumber('V');
      const reply = await ctx().client.post(ctx().set('customers'), {
        number,
        displayName: 'Invalid',
        ...values,
      });
      expect(reply.status).toBe(400);
      const error = errorOf(reply);
      expect(error.code).toMatch(/^Application_/);
      expect(error.message).toContain(mentioned);
      expect(await count(`number eq '${number}'`)).toBe(0);
    },
  );

  it('a value of the wrong type is refused with 400', async () => {
    const reply = await ctx().client.post(ctx().set('customers'), {
      displayName: 'Typed',
      creditLimit: 'lots',
    });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toContain('creditLimit');
  });

  it('a string longer than the field is refused with 400 Application_StringExceededLength', async () => {
    const reply = await ctx().client.post(ctx().set('customers'), { displayName: 'x'.repeat(101) });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).code).toBe('Application_StringExceededLength');
  });

  it('the server-owned lastModifiedDateTime cannot be set by a client', async () => {
    const reply = await ctx().client.post(ctx().set('customers'), {
      displayName: 'Clock Setter',
      lastModifiedDateTime: '2001-01-01T00:00:00Z',
    });
    expect(reply.status).toBe(400);
  });

  it('a contact whose companyNumber names no customer is refused with 400', async () => {
    const reply = await ctx().client.post(ctx().set('contacts'), {
      displayName: 'Orphan',
      companyNumber: ctx().uniqueNumber('NOPE'),
    });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toContain('companyNumber');
  });

  it('a contact that works for a customer takes the customer name as companyName', async () => {
    const number = ctx().uniqueNumber('P');
    await ctx().client.post(ctx().set('customers'), { number, displayName: 'Parent Ltd.' });
    const reply = await ctx().client.post(ctx().set('contacts'), {
      displayName: 'Pat Person',
      companyNumber: number,
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      companyNumber: number,
      companyName: 'Parent Ltd.',
      type: 'Person',
    });
  });
}
