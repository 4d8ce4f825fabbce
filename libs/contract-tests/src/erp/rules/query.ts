/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { beforeAll, expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

export function queryRules(ctx: () => ContractContext) {
  const prefix = () => `Q${ctx().uniqueNumber('').slice(0, 5)}`;
  let tag = '';
  let numbers: string[] = [];
  let before = '';

  beforeAll(async () => {
    tag = prefix();
    numbers = [];
    for (let i = 0; i < 7; i++) {
      const number = `${tag}${String(i).padStart(3, '0')}`;
      numbers.push(number);
      const reply = await ctx().client.post(ctx().set('customers'), {
        number,
        displayName: i % 2 === 0 ? `Even ${tag} ${i}` : `Odd ${tag} ${i}`,
        creditLimit: i * 100,
        city: i < 3 ? 'Atlanta' : 'Chicago',
      });
      if (reply.status !== 201) throw new Error(`seeding the query rules failed: ${reply.text}`);
      if (i === 4) before = reply.body.lastModifiedDateTime as string;
    }
  });

  const list = async (query: string, headers?: Record<string, string>) =>
    ctx().client.get(
      `${ctx().set('customers')}?$filter=${encodeURIComponent(`startswith(number,'${tag}')`)}${query}`,
      headers,
    );
  const numbersOf = (reply: { body: { value: { number: string }[] } }) =>
    reply.body.value.map((r) => r.number);

  it('$filter on lastModifiedDateTime gt <iso> returns only records changed after that instant', async () => {
    const reply = await ctx().client.get(
      `${ctx().set('customers')}?$filter=${encodeURIComponent(`startswith(number,'${tag}') and lastModifiedDateTime gt ${before}`)}`,
    );
    expect(reply.status).toBe(200);
    for (const r of reply.body.value as { lastModifiedDateTime: string }[]) {
      expect(Date.parse(r.lastModifiedDateTime)).toBeGreaterThan(Date.parse(before));
    }
    expect(numbersOf(reply)).not.toContain(numbers[0]);
  });

  it('$filter combines eq, ge, contains, and, or', async () => {
    const reply = await list(
      encodeURIComponent(
        ` and (city eq 'Atlanta' or creditLimit ge 600) and contains(displayName,'Even')`,
      ),
    );
    expect(reply.status).toBe(200);
    expect(numbersOf(reply).sort()).toEqual([numbers[0], numbers[2], numbers[6]]);
  });

  it('$select returns only the chosen fields and the etag', async () => {
    const reply = await list('&$select=number,displayName');
    expect(reply.status).toBe(200);
    for (const r of reply.body.value as Record<string, unknown>[]) {
      expect(Object.keys(r).sort()).toEqual(['@odata.etag', 'displayName', 'number']);
    }
  });

  it('$orderby sorts descending and $top/$skip take a window of it', async () => {
    const reply = await list('&$orderby=creditLimit desc&$top=2&$skip=1');
    expect(numbersOf(reply)).toEqual([numbers[5], numbers[4]]);
  });

  it('$count=true adds @odata.count and /$count answers the number alone', async () => {
    const reply = await list('&$count=true&$top=1');
    expect(reply.body['@odata.count']).toBe(7);
    expect(reply.body.value).toHaveLength(1);
    const plain = await ctx().client.get(
      `${ctx().set('customers')}/$count?$filter=${encodeURIComponent(`startswith(number,'${tag}')`)}`,
    );
    expect(plain.status).toBe(200);
    expect(Number(plain.text)).toBe(7);
  });

  it('Prefer: odata.maxpagesize pages with @odata.nextLink and the pages hold every record once', async () => {
    const seen: string[] = [];
    let reply = await list('&$orderby=number', { Prefer: 'odata.maxpagesize=3' });
    expect(reply.headers.get('preference-applied')).toBe('odata.maxpagesize=3');
    let pages = 1;
    seen.push(...numbersOf(reply));
    while (reply.body['@odata.nextLink']) {
      expect(reply.body.value).toHaveLength(3);
      reply = await ctx().client.get(reply.body['@odata.nextLink'] as string, {
        Prefer: 'odata.maxpagesize=3',
      });
      expect(reply.status).toBe(200);
      seen.push(...numbersOf(reply));
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(numbers);
  });

  it('a page size above 20000 is capped at 20000', async () => {
    const reply = await list('', { Prefer: 'odata.maxpagesize=50000' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('preference-applied')).toBe('odata.maxpagesize=20000');
  });

  it('$top together with paging stops at $top records', async () => {
    let reply = await list('&$orderby=number&$top=5', { Prefer: 'odata.maxpagesize=2' });
    const seen = numbersOf(reply);
    while (reply.body['@odata.nextLink']) {
      reply = await ctx().client.get(reply.body['@odata.nextLink'] as string, {
        Prefer: 'odata.maxpagesize=2',
      });
      seen.push(...numbersOf(reply));
    }
    expect(seen).toEqual(numbers.slice(0, 5));
  });

  it('$expand=contactsInformation lists the contacts working for a customer', async () => {
    const number = numbers[1]!;
    await ctx().client.post(ctx().set('contacts'), {
      displayName: 'Expanded Person',
      companyNumber: number,
    });
    const reply = await ctx().client.get(
      `${ctx().set('customers')}?$filter=${encodeURIComponent(`number eq '${number}'`)}&$expand=contactsInformation`,
    );
    expect(reply.status).toBe(200);
    const [customer] = reply.body.value as { contactsInformation: { contactName: string }[] }[];
    expect(customer?.contactsInformation.map((c) => c.contactName)).toEqual(['Expanded Person']);
  });

  it.each([
    ['a $filter with a syntax error', `$filter=${encodeURIComponent("number eq 'x' and")}`],
    ['a $filter on an unknown property', `$filter=${encodeURIComponent('shoeSize eq 3')}`],
    [
      'a $filter comparing a text field with a number',
      `$filter=${encodeURIComponent('displayName eq 3')}`,
    ],
    ['a $select of an unknown property', '$select=shoeSize'],
    ['an $orderby of an unknown property', '$orderby=shoeSize'],
    ['a negative $top', '$top=-1'],
    ['a $skiptoken that was never issued', '$skiptoken=garbage'],
  ])('%s is answered 400 with an error body', async (_what, query) => {
    const reply = await ctx().client.get(`${ctx().set('customers')}?${query}`);
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).not.toBe('');
  });
}
