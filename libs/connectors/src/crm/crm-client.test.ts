import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RolledBackError, ValidationError, VersionMismatchError } from '../errors';
import { createCrmClient } from './crm-client';
import { crmOps, odataBind } from './crm-ops';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const root = 'http://crm.test/api/data/v9.2';
const client = () =>
  createCrmClient({
    baseUrl: root,
    token: 't',
    sleep: () => Promise.resolve(),
    retry: { retries: 2 },
  });
/** msw reads `(` in a path as a pattern group, so match URLs with parentheses literally. */
const exact = (url: string) => new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const id1 = '11111111-1111-1111-1111-111111111111';
const id2 = '22222222-2222-2222-2222-222222222222';

describe('crm client', () => {
  it('follows @odata.nextLink page by page with Prefer: odata.maxpagesize', async () => {
    const prefers: (string | null)[] = [];
    server.use(
      http.get(`${root}/accounts`, ({ request }) => {
        prefers.push(request.headers.get('prefer'));
        const token = new URL(request.url).searchParams.get('$skiptoken');
        if (token === null) {
          expect(new URL(request.url).searchParams.get('$select')).toBe('accountid,name');
          return HttpResponse.json({
            value: [{ accountid: 'a' }, { accountid: 'b' }],
            '@odata.nextLink': `${root}/accounts?$skiptoken=2`,
          });
        }
        return HttpResponse.json({ value: [{ accountid: 'c' }] });
      }),
    );
    const pages: string[][] = [];
    for await (const page of client().list('accounts', {
      select: ['accountid', 'name'],
      pageSize: 2,
    })) {
      pages.push(page.map((r) => r['accountid'] as string));
    }
    expect(pages).toEqual([['a', 'b'], ['c']]);
    expect(prefers).toEqual(['odata.maxpagesize=2', 'odata.maxpagesize=2']);
  });

  it('splits change tracking pages into upserts and tombstones and hands back the delta link last', async () => {
    server.use(
      http.get(`${root}/accounts`, ({ request }) => {
        expect(request.headers.get('prefer')).toContain('odata.track-changes');
        const params = new URL(request.url).searchParams;
        if (params.get('$deltatoken') === '5') {
          return HttpResponse.json({
            value: [
              { accountid: id1, name: 'changed' },
              {
                '@odata.context': `${root}/$metadata#accounts/$deletedEntity`,
                id: id2,
                reason: 'deleted',
              },
            ],
            '@odata.deltaLink': `${root}/accounts?$select=name&$deltatoken=9`,
          });
        }
        throw new Error('unexpected');
      }),
    );
    const pages = [];
    for await (const page of client().trackChanges('accounts', {
      deltaLink: `${root}/accounts?$select=name&$deltatoken=5`,
    })) {
      pages.push(page);
    }
    expect(pages).toEqual([
      {
        upserts: [{ accountid: id1, name: 'changed' }],
        deletions: [id2],
        deltaLink: `${root}/accounts?$select=name&$deltatoken=9`,
      },
    ]);
  });

  it('creates with If-None-Match: * and treats 412 as already created after reading the record back', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.patch(exact(`${root}/accounts(${id1})`), ({ request }) => {
        seen.push(request.headers.get('if-none-match'));
        return HttpResponse.json(
          { error: { code: '0x80060882', message: 'exists' } },
          { status: 412 },
        );
      }),
      http.get(exact(`${root}/accounts(${id1})`), () =>
        HttpResponse.json({ accountid: id1, name: 'A', '@odata.etag': 'W/"7"' }),
      ),
    );
    const result = await client().create('accounts', id1, { name: 'A' });
    expect(seen).toEqual(['*']);
    expect(result).toMatchObject({ id: id1, etag: 'W/"7"', alreadyExisted: true });
  });

  it('updates with If-Match and maps a stale version to VersionMismatchError', async () => {
    server.use(
      http.patch(exact(`${root}/accounts(${id1})`), ({ request }) =>
        request.headers.get('if-match') === 'W/"3"'
          ? HttpResponse.json(
              {
                error: {
                  code: '0x80060882',
                  message: "The version of the existing record doesn't match",
                },
              },
              { status: 412 },
            )
          : HttpResponse.json({ accountid: id1, '@odata.etag': 'W/"8"' }),
      ),
    );
    await expect(client().update('accounts', id1, { name: 'x' }, 'W/"3"')).rejects.toBeInstanceOf(
      VersionMismatchError,
    );
    await expect(client().update('accounts', id1, { name: 'x' }, 'W/"4"')).resolves.toMatchObject({
      etag: 'W/"8"',
    });
  });

  it('returns null for a record that does not exist', async () => {
    server.use(
      http.get(exact(`${root}/accounts(${id1})`), () =>
        HttpResponse.json(
          { error: { code: '0x80040217', message: 'Does Not Exist' } },
          { status: 404 },
        ),
      ),
    );
    expect(await client().get('accounts', id1)).toBeNull();
  });

  it('sends an atomic batch as one change set and reads ids from OData-EntityId', async () => {
    let sent = '';
    server.use(
      http.post(`${root}/$batch`, async ({ request }) => {
        sent = await request.text();
        expect(request.headers.get('prefer')).toBeNull();
        const body =
          '--batchresponse_r\r\nContent-Type: multipart/mixed; boundary=changesetresponse_c\r\n\r\n' +
          `--changesetresponse_c\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\nHTTP/1.1 204 No Content\r\nOData-EntityId: ${root}/contacts(${id2})\r\n\r\n\r\n` +
          `--changesetresponse_c\r\nContent-Type: application/http\r\nContent-ID: 2\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n` +
          '--changesetresponse_c--\r\n--batchresponse_r--\r\n';
        return new HttpResponse(body, {
          headers: { 'Content-Type': 'multipart/mixed; boundary=batchresponse_r' },
        });
      }),
    );
    const outcomes = await client().batch([
      crmOps.create('contacts', id2, {
        lastname: 'L',
        'parentcustomerid_account@odata.bind': odataBind('accounts', id1),
      }),
      crmOps.update('accounts', id1, { name: 'N' }, 'W/"1"'),
    ]);
    expect(sent).toContain('Content-Type: multipart/mixed; boundary=changeset_');
    expect(sent).toContain(`PATCH ${root}/contacts(${id2}) HTTP/1.1\r\nIf-None-Match: *`);
    expect(sent).toContain('"parentcustomerid_account@odata.bind":"/accounts(' + id1 + ')"');
    expect(sent).toContain('If-Match: W/"1"');
    expect(outcomes.map((o) => o.ok && o.entityId)).toEqual([id2, id1]);
  });

  it('marks the failing operation of an atomic batch with its error and the others as rolled back', async () => {
    server.use(
      http.post(`${root}/$batch`, () => {
        const body =
          '--batchresponse_r\r\nContent-Type: application/http\r\nContent-ID: 2\r\n\r\nHTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n' +
          '{"error":{"code":"0x80044331","message":"bad email"}}\r\n--batchresponse_r--\r\n';
        return new HttpResponse(body, {
          headers: { 'Content-Type': 'multipart/mixed;boundary=batchresponse_r' },
        });
      }),
    );
    const outcomes = await client().batch([
      crmOps.create('accounts', id1, { name: 'ok' }),
      crmOps.create('accounts', id2, { emailaddress1: 'x' }),
    ]);
    expect(outcomes[0]).toMatchObject({ ok: false, error: expect.any(RolledBackError) as unknown });
    expect(outcomes[1]).toMatchObject({ ok: false, error: expect.any(ValidationError) as unknown });
    expect(outcomes[1]?.ok === false && outcomes[1].error.message).toBe('bad email');
  });

  it('sends an independent batch with continue-on-error and reports each operation on its own', async () => {
    server.use(
      http.post(`${root}/$batch`, async ({ request }) => {
        expect(request.headers.get('prefer')).toBe('odata.continue-on-error');
        const sent = await request.text();
        expect(sent).not.toContain('changeset_');
        const body =
          '--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 412 Precondition Failed\r\n\r\n{"error":{"code":"0x80060882","message":"exists"}}\r\n' +
          '--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 412 Precondition Failed\r\n\r\n{"error":{"code":"0x80060882","message":"stale"}}\r\n' +
          '--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--b--\r\n';
        return new HttpResponse(body, {
          headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
        });
      }),
    );
    const outcomes = await client().batch(
      [
        crmOps.create('accounts', id1, { name: 'again' }),
        crmOps.update('accounts', id2, { name: 'x' }, 'W/"1"'),
        crmOps.delete('accounts', id2, 'W/"2"'),
      ],
      { atomic: false },
    );
    expect(outcomes[0]).toMatchObject({ ok: true, alreadyExisted: true, entityId: id1 });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: expect.any(VersionMismatchError) as unknown,
    });
    expect(outcomes[2]).toMatchObject({ ok: true, status: 204 });
  });

  it('refuses more than 1000 operations in one batch', async () => {
    const ops = Array.from({ length: 1001 }, () => crmOps.get('accounts', id1));
    await expect(client().batch(ops)).rejects.toBeInstanceOf(RangeError);
  });
});
