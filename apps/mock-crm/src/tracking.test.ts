import { afterEach, describe, expect, it } from 'vitest';
import { createMockCrm, type MockCrm } from './create-mock-crm';

let app: MockCrm | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function call(a: MockCrm, method: string, path: string, body?: unknown, prefer?: string) {
  const headers: Record<string, string> = { authorization: 'Bearer t' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (prefer !== undefined) headers['prefer'] = prefer;
  const url = path.startsWith('http') ? path : `http://crm.test/api/data/v9.2/${path}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await a.handle(new Request(url, init));
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  const json: any = text === '' ? undefined : JSON.parse(text);
  return { status: res.status, body: json };
}

async function delta(a: MockCrm, first: string) {
  const items: Record<string, unknown>[] = [];
  let url: string | undefined = first;
  for (let i = 0; url !== undefined && i < 100; i++) {
    const page = await call(a, 'GET', url, undefined, 'odata.track-changes,odata.maxpagesize=2');
    items.push(...(page.body.value as Record<string, unknown>[]));
    if (page.body['@odata.deltaLink'])
      return { items, link: page.body['@odata.deltaLink'] as string };
    url = page.body['@odata.nextLink'] as string | undefined;
  }
  throw new Error('no delta link');
}

describe('change tracking of mock-crm', () => {
  it('reports a record re-created under a deleted id as changed, not deleted', async () => {
    app = await createMockCrm({ token: 't' });
    const id = '6f1d7c8e-1111-4111-8111-000000000001';
    await call(app, 'PATCH', `accounts(${id})`, { name: 'First life' });
    const { link } = await delta(app, 'accounts?$select=name');
    await call(app, 'DELETE', `accounts(${id})`);
    await call(app, 'PATCH', `accounts(${id})`, { name: 'Second life' });
    const { items } = await delta(app, link);
    expect(items).toEqual([expect.objectContaining({ accountid: id, name: 'Second life' })]);
  });

  it('reports the contacts of a deleted account as changed (their link is cleared)', async () => {
    app = await createMockCrm({ token: 't' });
    await app.controls.seed(10, 4);
    const contacts = await call(app, 'GET', 'contacts?$select=_parentcustomerid_value&$top=1');
    const parent = contacts.body.value[0]._parentcustomerid_value as string;
    const siblings = await call(
      app,
      'GET',
      `contacts?$select=fullname&$filter=_parentcustomerid_value eq ${parent}`,
    );
    const { link } = await delta(app, 'contacts?$select=_parentcustomerid_value');
    await app.controls.deleteAsUser('accounts', parent);
    const { items } = await delta(app, link);
    expect(items.map((c) => c['contactid']).sort()).toEqual(
      (siblings.body.value as { contactid: string }[]).map((c) => c.contactid).sort(),
    );
    for (const c of items) expect(c['_parentcustomerid_value']).toBeNull();
  });

  it('pages tombstones after the changed records without losing or repeating one', async () => {
    app = await createMockCrm({ token: 't' });
    await app.controls.seed(9, 8);
    const all = await call(app, 'GET', 'products?$select=name');
    const ids = (all.body.value as { productid: string }[]).map((p) => p.productid);
    const { link } = await delta(app, 'products?$select=name');
    for (const id of ids.slice(0, 5)) await app.controls.deleteAsUser('products', id);
    await app.controls.editAsUser('products', ids[6] as string, { name: 'Edited' });
    const { items } = await delta(app, link);
    const deleted = items.filter((i) => i['reason'] === 'deleted').map((i) => String(i['id']));
    expect(deleted.sort()).toEqual(ids.slice(0, 5).sort());
    expect(items.filter((i) => i['reason'] === 'deleted')).toHaveLength(5);
    expect(items.filter((i) => i['productid'] === ids[6])).toHaveLength(1);
    expect(items).toHaveLength(6);
  });

  it('a forged change-tracking skiptoken is a 400, not a 500', async () => {
    app = await createMockCrm({ token: 't' });
    const forged = `ct.${Buffer.from(JSON.stringify({ since: 'x' })).toString('base64url')}`;
    const reply = await call(app, 'GET', `accounts?$select=name&$skiptoken=${forged}`);
    expect(reply.status).toBe(400);
    const future = await call(
      app,
      'GET',
      'accounts?$select=name&$deltatoken=999999',
      undefined,
      'odata.track-changes',
    );
    expect(future.status).toBe(400);
  });
});
