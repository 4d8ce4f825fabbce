import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

/** Client mistakes get a clear 4xx with a BC error body, never a 5xx, and write nothing. */
export function badInputRules(ctx: () => ContractContext) {
  const total = async () =>
    Number((await ctx().client.get(`${ctx().set('customers')}/$count`)).text);

  it('malformed JSON is answered 400, not 5xx', async () => {
    const reply = await ctx().client.post(ctx().set('customers'), '{"displayName": "half', {
      'content-type': 'application/json',
    });
    expect(reply.status).toBe(400);
    errorOf(reply);
  });

  it('a body that is a JSON array or number is answered 400', async () => {
    for (const body of ['[]', '42', 'null']) {
      const reply = await ctx().client.post(ctx().set('customers'), body);
      expect(reply.status).toBe(400);
    }
  });

  it('a method the resource does not support is answered 405', async () => {
    const reply = await ctx().client.call('PUT', `/api/v2.0/${ctx().set('customers')}`, {});
    expect(reply.status).toBe(405);
  });

  it('random bodies for POST never get a 5xx and a refused body writes nothing', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
    );
    const key = fc.constantFrom(
      'displayName',
      'email',
      'creditLimit',
      'blocked',
      'type',
      'number',
      'id',
      'website',
      'nonsense',
      'constructor',
      'toString',
      'lastModifiedDateTime',
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 4 }), async (body) => {
        const before = await total();
        const reply = await ctx().client.post(ctx().set('customers'), body);
        expect(reply.status).toBeLessThan(500);
        if (reply.status >= 400) {
          errorOf(reply);
          expect(await total()).toBe(before);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('random query strings never get a 5xx', async () => {
    const option = fc.constantFrom(
      '$filter',
      '$select',
      '$orderby',
      '$top',
      '$skip',
      '$count',
      '$expand',
      '$skiptoken',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        "number eq 'x'",
        'creditLimit gt',
        "contains(email,'a')",
        'id eq null',
        'not blocked',
        'a,b',
        '1',
        '-3',
        'true',
        "lastModifiedDateTime gt 'yesterday'",
        'valueOf',
        'constructor desc',
        'hasOwnProperty eq 1',
      ),
    );
    await fc.assert(
      fc.asyncProperty(option, text, async (name, v) => {
        const reply = await ctx().client.get(
          `${ctx().set('customers')}?${name}=${encodeURIComponent(v)}&$top=1`,
        );
        expect(reply.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
}
