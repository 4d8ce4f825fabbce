import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RolledBackError, ValidationError } from '../errors';
import { createErpClient } from './erp-client';
import { erpOps } from './erp-ops';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const root = 'http://erp.test/api/v2.0';
const company = 'c0000000-0000-0000-0000-000000000001';
const customers = `${root}/companies(${company})/customers`;
/** msw reads `(` in a path as a pattern group, so match URLs with parentheses literally. */
const exact = (url: string) =>
  new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?.*)?$`);
const client = () =>
  createErpClient({
    baseUrl: root,
    token: 't',
    sleep: () => Promise.resolve(),
    retry: { retries: 3 },
  });

describe('erp client', () => {
  it('resolves the company once from the companies list', async () => {
    let companyCalls = 0;
    server.use(
      http.get(`${root}/companies`, () => {
        companyCalls++;
        return HttpResponse.json({ value: [{ id: company, name: 'CRONUS' }] });
      }),
      http.get(exact(customers), () => HttpResponse.json({ value: [{ id: 'a' }] })),
    );
    const erp = client();
    for await (const _ of erp.list('customers')) void _;
    for await (const _ of erp.list('customers')) void _;
    expect(companyCalls).toBe(1);
  });

  it('reads changes since a watermark in time order, skips ids already seen at it and moves the watermark', async () => {
    const t0 = '2025-01-01T00:00:00.000Z';
    const t1 = '2025-01-01T00:00:01.000Z';
    let query: URLSearchParams | undefined;
    server.use(
      http.get(exact(customers), ({ request }) => {
        const params = new URL(request.url).searchParams;
        if (params.get('page') === '2') {
          return HttpResponse.json({
            value: [
              { id: 'c', lastModifiedDateTime: t1 },
              { id: 'd', lastModifiedDateTime: t1 },
            ],
          });
        }
        query = params;
        return HttpResponse.json({
          value: [
            { id: 'a', lastModifiedDateTime: t0 },
            { id: 'b', lastModifiedDateTime: t0 },
            { id: 'c', lastModifiedDateTime: t1 },
          ],
          '@odata.nextLink': `${customers}?page=2`,
        });
      }),
    );
    const erp = createErpClient({ baseUrl: root, token: 't', companyId: company });
    const pages = [];
    for await (const page of erp.changedSince('customers', t0, { seenAtWatermark: ['a'] }))
      pages.push(page);
    expect(query?.get('$filter')).toBe(`lastModifiedDateTime ge ${t0}`);
    expect(query?.get('$orderby')).toBe('lastModifiedDateTime,id');
    expect(pages.map((p) => p.records.map((r) => r.id))).toEqual([['b', 'c'], ['d']]);
    expect(pages.map((p) => p.watermark)).toEqual([t1, t1]);
    expect(pages[1]?.idsAtWatermark).toEqual(['c', 'd']);
  });

  it('recognises a create whose response was lost by its number instead of posting it twice', async () => {
    let posts = 0;
    let created = false;
    server.use(
      http.post(exact(customers), () => {
        posts++;
        created = true;
        return HttpResponse.error();
      }),
      http.get(exact(customers), ({ request }) => {
        expect(new URL(request.url).searchParams.get('$filter')).toBe("number eq 'C-1'");
        return HttpResponse.json({
          value: created ? [{ id: 'x', number: 'C-1', '@odata.etag': 'W/"1"' }] : [],
        });
      }),
    );
    const erp = createErpClient({
      baseUrl: root,
      token: 't',
      companyId: company,
      sleep: () => Promise.resolve(),
    });
    const result = await erp.create('customers', { number: 'C-1', displayName: 'A' });
    expect(posts).toBe(1);
    expect(result).toMatchObject({ id: 'x', etag: 'W/"1"', alreadyExisted: true });
  });

  it('treats Internal_EntityWithSameKeyExists on create as already created', async () => {
    server.use(
      http.post(exact(customers), () =>
        HttpResponse.json(
          { error: { code: 'Internal_EntityWithSameKeyExists', message: 'exists' } },
          { status: 400 },
        ),
      ),
      http.get(exact(customers), () => HttpResponse.json({ value: [{ id: 'y', number: 'C-2' }] })),
    );
    const erp = createErpClient({ baseUrl: root, token: 't', companyId: company });
    expect(await erp.create('customers', { number: 'C-2' })).toMatchObject({
      id: 'y',
      alreadyExisted: true,
    });
  });

  it('sends an atomic JSON batch with Isolation: snapshot and company-relative urls', async () => {
    let sent:
      | { requests: { id: string; method: string; url: string; headers: Record<string, string> }[] }
      | undefined;
    let isolation: string | null = null;
    server.use(
      http.post(`${root}/$batch`, async ({ request }) => {
        isolation = request.headers.get('isolation');
        sent = (await request.json()) as typeof sent;
        return HttpResponse.json({
          responses: [
            { id: '1', status: 201, body: { id: 'n1', '@odata.etag': 'W/"1"' } },
            {
              id: '2',
              status: 409,
              body: { error: { code: 'Request_EntityChanged', message: 'changed' } },
            },
            {
              id: '3',
              status: 424,
              body: { error: { code: 'BadRequest_FailedDependency', message: 'not run' } },
            },
          ],
        });
      }),
    );
    const erp = createErpClient({ baseUrl: root, token: 't', companyId: company });
    const outcomes = await erp.batch([
      erpOps.create('customers', { number: 'C-3' }),
      erpOps.update('customers', 'abc', { displayName: 'x' }, 'W/"5"'),
      erpOps.delete('customers', 'def', 'W/"6"'),
    ]);
    expect(isolation).toBe('snapshot');
    expect(sent?.requests.slice(0, 2).map((r) => [r.id, r.method, r.url])).toEqual([
      ['1', 'POST', `companies(${company})/customers`],
      ['2', 'PATCH', `companies(${company})/customers(abc)`],
    ]);
    expect(sent?.requests[1]?.headers['If-Match']).toBe('W/"5"');
    expect(outcomes[0]).toMatchObject({ ok: false, error: expect.any(RolledBackError) as unknown });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: { kind: 'version-mismatch', code: 'Request_EntityChanged' },
    });
    expect(outcomes[2]).toMatchObject({ ok: false, error: expect.any(RolledBackError) as unknown });
  });

  it('reports each operation of a non-atomic batch on its own', async () => {
    server.use(
      http.post(`${root}/$batch`, ({ request }) => {
        expect(request.headers.get('isolation')).toBeNull();
        return HttpResponse.json({
          responses: [
            { id: '1', status: 201, body: { id: 'n1', '@odata.etag': 'W/"1"' } },
            {
              id: '2',
              status: 400,
              body: { error: { code: 'Application_FieldValidationException', message: 'bad' } },
            },
          ],
        });
      }),
    );
    const erp = createErpClient({ baseUrl: root, token: 't', companyId: company });
    const outcomes = await erp.batch(
      [erpOps.create('customers', { number: 'a' }), erpOps.create('customers', { number: 'b' })],
      { atomic: false },
    );
    expect(outcomes[0]).toMatchObject({ ok: true, entityId: 'n1', etag: 'W/"1"' });
    expect(outcomes[1]).toMatchObject({ ok: false, error: expect.any(ValidationError) as unknown });
  });

  it('streams ids only for a reconcile sweep', async () => {
    server.use(
      http.get(exact(customers), ({ request }) => {
        expect(new URL(request.url).searchParams.get('$select')).toBe('id');
        return HttpResponse.json({ value: [{ id: 'a' }, { id: 'b' }] });
      }),
    );
    const erp = createErpClient({ baseUrl: root, token: 't', companyId: company });
    const ids: string[] = [];
    for await (const page of erp.listIds('customers')) ids.push(...page);
    expect(ids).toEqual(['a', 'b']);
  });

  it('subscribes to a collection of its company and renews with If-Match', async () => {
    let body: unknown;
    let ifMatch: string | null = null;
    server.use(
      http.post(`${root}/subscriptions`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ subscriptionId: 's1', '@odata.etag': 'W/"1"' }, { status: 201 });
      }),
      http.patch(exact(`${root}/subscriptions('s1')`), ({ request }) => {
        ifMatch = request.headers.get('if-match');
        return HttpResponse.json({ subscriptionId: 's1', '@odata.etag': 'W/"2"' });
      }),
    );
    const erp = createErpClient({ baseUrl: root, token: 't', companyId: company });
    const s = await erp.subscribe({
      notificationUrl: 'http://me/hook',
      resource: 'customers',
      clientState: 'k',
    });
    expect(body).toEqual({
      notificationUrl: 'http://me/hook',
      resource: `/api/v2.0/companies(${company})/customers`,
      clientState: 'k',
    });
    const renewed = await erp.renew(s);
    expect(ifMatch).toBe('W/"1"');
    expect(renewed['@odata.etag']).toBe('W/"2"');
  });
});
