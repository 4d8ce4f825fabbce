/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';

interface BatchReply {
  responses: {
    id: string | null;
    status: number;
    body?: { id?: string; error?: { code: string } };
  }[];
}

export function batchRules(ctx: () => ContractContext) {
  const batch = async (requests: unknown[], atomic = false) => {
    const reply = await ctx().client.post(
      '$batch',
      { requests },
      atomic ? { Isolation: 'snapshot' } : {},
    );
    return { status: reply.status, body: reply.body as BatchReply, reply };
  };
  const create = (id: string, number: string, extra: Record<string, unknown> = {}) => ({
    id,
    method: 'POST',
    url: `${ctx().set('customers')}`,
    headers: { 'Content-Type': 'application/json' },
    body: { number, displayName: `Batch ${number}`, ...extra },
  });
  const exists = async (number: string) =>
    (
      (
        await ctx().client.get(
          `${ctx().set('customers')}?$filter=${encodeURIComponent(`number eq '${number}'`)}`,
        )
      ).body.value as unknown[]
    ).length === 1;

  it('a JSON $batch answers every operation with its id and own status', async () => {
    const a = ctx().uniqueNumber('BA');
    const { status, body } = await batch([
      create('1', a),
      {
        id: '2',
        method: 'GET',
        url: `${ctx().set('customers')}?$filter=${encodeURIComponent(`number eq '${a}'`)}`,
      },
      {
        id: '3',
        method: 'GET',
        url: `${ctx().set('customers')}(00000000-0000-0000-0000-00000000dead)`,
      },
    ]);
    expect(status).toBe(200);
    expect(body.responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 201],
      ['2', 200],
      ['3', 404],
    ]);
  });

  it('a batch of 100 creates is answered in one request and every record exists afterwards', async () => {
    const numbers = Array.from({ length: 100 }, () => ctx().uniqueNumber('BH'));
    const { status, body } = await batch(
      numbers.map((n, i) => create(String(i + 1), n)),
      true,
    );
    expect(status).toBe(200);
    expect(body.responses.every((r) => r.status === 201)).toBe(true);
    const tag = numbers[0]!.slice(0, 7);
    const count = await ctx().client.get(
      `${ctx().set('customers')}/$count?$filter=${encodeURIComponent(`startswith(number,'${tag}')`)}`,
    );
    expect(Number(count.text)).toBeGreaterThanOrEqual(100);
  });

  it('a batch of more than 100 operations is refused with 400', async () => {
    const requests = Array.from({ length: 101 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: 'companies',
    }));
    const { status } = await batch(requests);
    expect(status).toBe(400);
  });

  it('an atomic batch (Isolation: snapshot) with one failing operation changes nothing', async () => {
    const a = ctx().uniqueNumber('BR');
    const b = ctx().uniqueNumber('BR');
    const { status, body } = await batch(
      [create('1', a), create('2', b, { email: 'broken' }), create('3', ctx().uniqueNumber('BR'))],
      true,
    );
    expect(status).toBe(200);
    expect(body.responses.find((r) => r.id === '2')?.status).toBe(400);
    expect(await exists(a)).toBe(false);
    expect(await exists(b)).toBe(false);
  });

  it('without isolation a failing operation fails alone and the others are committed', async () => {
    const a = ctx().uniqueNumber('BI');
    const b = ctx().uniqueNumber('BI');
    const { body } = await batch([create('1', a), create('2', b, { creditLimit: -5 })]);
    expect(body.responses.map((r) => r.status)).toEqual([201, 400]);
    expect(await exists(a)).toBe(true);
    expect(await exists(b)).toBe(false);
  });

  it('an operation that dependsOn a failed one is not run and is answered 424', async () => {
    const a = ctx().uniqueNumber('BD');
    const { body } = await batch([
      create('1', ctx().uniqueNumber('BD'), { blocked: 'Never' }),
      { ...create('2', a), dependsOn: ['1'] },
    ]);
    expect(body.responses.map((r) => r.status)).toEqual([400, 424]);
    expect(await exists(a)).toBe(false);
  });

  it('PATCH inside a batch needs If-Match like a single request', async () => {
    const created = await ctx().client.post(ctx().set('customers'), {
      number: ctx().uniqueNumber('BP'),
      displayName: 'Batch patch',
    });
    const url = `${ctx().set('customers')}(${created.body.id as string})`;
    const { body } = await batch([
      {
        id: 'a',
        method: 'PATCH',
        url,
        headers: { 'Content-Type': 'application/json' },
        body: { city: 'Denver' },
      },
      {
        id: 'b',
        method: 'PATCH',
        url,
        headers: {
          'Content-Type': 'application/json',
          'If-Match': created.body['@odata.etag'] as string,
        },
        body: { city: 'Denver' },
      },
    ]);
    expect(body.responses.map((r) => r.status)).toEqual([400, 200]);
    expect(body.responses[0]?.body?.error?.code).toBe('BadRequest_InvalidToken');
  });

  it('a batch body that is not {"requests":[...]} is refused with 400', async () => {
    const reply = await ctx().client.post('$batch', { operations: [] });
    expect(reply.status).toBe(400);
  });
}
