/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';
import { readBatch, writeBatch, type BatchItem } from '../multipart';

export function batchRules(ctx: () => ContractContext) {
  async function batch(
    items: BatchItem[],
    headers: Record<string, string> = {},
    contentType = (b: string) => `multipart/mixed; boundary=${b}`,
  ) {
    const boundary = `batch_${randomUUID()}`;
    const reply = await ctx().client.post('$batch', writeBatch(boundary, items), {
      'Content-Type': contentType(boundary),
      accept: 'multipart/mixed',
      ...headers,
    });
    expect(reply.status, reply.text.slice(0, 300)).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^multipart\/mixed;\s*boundary=/);
    return readBatch(reply.text, reply.headers.get('content-type'));
  }
  const root = () => ctx().client.serviceRoot;
  const nameFilter = (name: string) =>
    `accounts?$select=name&$filter=${encodeURIComponent(`name eq '${name}'`)}`;
  const countNamed = async (name: string) =>
    ((await ctx().client.get(nameFilter(name))).body.value as unknown[]).length;

  it('independent requests are answered in order, each with its own status', async () => {
    const a = await ctx().create('accounts', { name: ctx().unique('Batch read') });
    const responses = await batch(
      [
        { method: 'GET', url: `${root()}${a.url}?$select=name` },
        { method: 'GET', url: `accounts(${randomUUID()})` },
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    expect(responses.map((r) => r.status)).toEqual([200, 404]);
    expect(responses[0]?.body.name).toBe(a.body.name);
    expect(responses[1]?.body.error.code).toBe('0x80040217');
  });

  it('a change set commits all its creates, each answered with OData-EntityId', async () => {
    const names = [ctx().unique('CS'), ctx().unique('CS')];
    const responses = await batch([
      {
        changeSet: names.map((name, i) => ({
          method: 'POST',
          url: `${root()}accounts`,
          body: { name },
          contentId: String(i + 1),
        })),
      },
    ]);
    expect(responses.map((r) => r.status)).toEqual([204, 204]);
    expect(responses.map((r) => r.contentId)).toEqual(['1', '2']);
    for (const r of responses)
      expect(r.headers['odata-entityid']).toMatch(/accounts\([0-9a-f-]{36}\)$/);
    for (const name of names) expect(await countNamed(name)).toBe(1);
  });

  it('a change set with one failing request writes nothing and answers that failure', async () => {
    const good = ctx().unique('Rolled back');
    const responses = await batch([
      {
        changeSet: [
          { method: 'POST', url: 'accounts', body: { name: good }, contentId: '1' },
          {
            method: 'POST',
            url: 'accounts',
            body: { name: 'Bad', creditlimit: 'lots' },
            contentId: '2',
          },
          { method: 'POST', url: 'accounts', body: { name: `${good} 3` }, contentId: '3' },
        ],
      },
    ]);
    expect(responses).toHaveLength(1);
    expect(responses[0]?.status).toBe(400);
    expect(responses[0]?.contentId).toBe('2');
    expect(await countNamed(good)).toBe(0);
    expect(await countNamed(`${good} 3`)).toBe(0);
  });

  it('a Content-ID reference $n addresses a record created earlier in the same change set', async () => {
    const name = ctx().unique('Referenced');
    const responses = await batch([
      {
        changeSet: [
          { method: 'POST', url: 'accounts', body: { name }, contentId: '100001' },
          {
            method: 'PATCH',
            url: '$100001',
            body: { address1_city: 'Reykjavík' },
            contentId: '100002',
          },
        ],
      },
    ]);
    expect(responses.map((r) => r.status)).toEqual([204, 204]);
    const found = await ctx().client.get(
      `accounts?$select=name,address1_city&$filter=${encodeURIComponent(`name eq '${name}'`)}`,
    );
    expect(found.body.value).toEqual([
      expect.objectContaining({ name, address1_city: 'Reykjavík' }),
    ]);
  });

  it('a lookup in a change set can bind "$n", a record created earlier in the same change set', async () => {
    const lastname = ctx().unique('Bound to $1');
    const responses = await batch([
      {
        changeSet: [
          {
            method: 'POST',
            url: 'accounts',
            body: { name: ctx().unique('Parent') },
            contentId: '1',
          },
          {
            method: 'POST',
            url: 'contacts',
            body: { lastname, 'parentcustomerid_account@odata.bind': '$1' },
            contentId: '2',
          },
        ],
      },
    ]);
    expect(responses.map((r) => r.status)).toEqual([204, 204]);
    const accountId = /\(([^)]+)\)$/.exec(responses[0]?.headers['odata-entityid'] ?? '')?.[1];
    const contact = await ctx().client.get(
      `contacts?$select=_parentcustomerid_value&$filter=${encodeURIComponent(`lastname eq '${lastname}'`)}`,
    );
    expect(contact.body.value).toEqual([
      expect.objectContaining({ _parentcustomerid_value: accountId }),
    ]);
  });

  it('request lines may carry absolute URLs, absolute paths or URLs relative to the service root', async () => {
    const names = [ctx().unique('Abs'), ctx().unique('Path'), ctx().unique('Rel')];
    const responses = await batch([
      {
        changeSet: [
          { method: 'POST', url: `${root()}accounts`, body: { name: names[0] }, contentId: '1' },
          {
            method: 'POST',
            url: '/api/data/v9.2/accounts',
            body: { name: names[1] },
            contentId: '2',
          },
          { method: 'POST', url: 'accounts', body: { name: names[2] }, contentId: '3' },
        ],
      },
    ]);
    expect(responses.map((r) => r.status)).toEqual([204, 204, 204]);
    for (const name of names) expect(await countNamed(name)).toBe(1);
  });

  it('a multipart/mixed;boundary=... content type without a space is accepted', async () => {
    const name = ctx().unique('No space');
    const responses = await batch(
      [{ changeSet: [{ method: 'POST', url: 'accounts', body: { name }, contentId: '1' }] }],
      {},
      (b) => `multipart/mixed;boundary=${b}`,
    );
    expect(responses.map((r) => r.status)).toEqual([204]);
  });

  it('upserts with If-None-Match and If-Match inside a change set follow the single-request rules', async () => {
    const a = await ctx().create('accounts', { name: ctx().unique('Guarded') });
    const responses = await batch(
      [
        {
          changeSet: [
            {
              method: 'PATCH',
              url: a.url,
              headers: { 'If-None-Match': '*' },
              body: { name: 'Must not overwrite' },
              contentId: '1',
            },
          ],
        },
        {
          changeSet: [
            {
              method: 'PATCH',
              url: a.url,
              headers: { 'If-Match': a.etag },
              body: { name: 'Guarded update' },
              contentId: '1',
            },
          ],
        },
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    expect(responses.map((r) => r.status)).toEqual([412, 204]);
    expect((await ctx().client.get(a.url)).body.name).toBe('Guarded update');
  });

  it('without continue-on-error the batch stops at the first failure; with it, the rest still runs', async () => {
    const after = ctx().unique('After failure');
    const items: BatchItem[] = [
      { method: 'GET', url: `accounts(${randomUUID()})` },
      { changeSet: [{ method: 'POST', url: 'accounts', body: { name: after }, contentId: '1' }] },
    ];
    const stopped = await batch(items);
    expect(stopped.map((r) => r.status)).toEqual([404]);
    expect(await countNamed(after)).toBe(0);
    const continued = await batch(items, { Prefer: 'odata.continue-on-error' });
    expect(continued.map((r) => r.status)).toEqual([404, 204]);
    expect(await countNamed(after)).toBe(1);
  });

  it('a batch of more than 1000 requests is refused with 400 and writes nothing', async () => {
    const name = ctx().unique('Too many');
    const requests = Array.from({ length: 1001 }, (_, i) => ({
      method: 'POST',
      url: 'accounts',
      body: { name },
      contentId: String(i + 1),
    }));
    const boundary = `batch_${randomUUID()}`;
    const reply = await ctx().client.post(
      '$batch',
      writeBatch(boundary, [{ changeSet: requests }]),
      {
        'Content-Type': `multipart/mixed; boundary=${boundary}`,
      },
    );
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toContain('1000');
    expect(await countNamed(name)).toBe(0);
  });

  it('a malformed batch body is refused with 400 and an OData error', async () => {
    const reply = await ctx().client.post('$batch', 'this is not multipart', {
      'Content-Type': 'multipart/mixed; boundary=batch_x',
    });
    expect(reply.status).toBe(400);
    errorOf(reply);
  });
}
