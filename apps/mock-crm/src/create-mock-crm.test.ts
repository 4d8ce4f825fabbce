import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock } from '@twinsync/odata-kit';
import { createMockCrm, type MockCrm } from './create-mock-crm';
import { startMockCrm, type RunningMockCrm } from './start-mock-crm';
import { crmClient } from './testing/crm-client';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function app(options: Parameters<typeof createMockCrm>[0] = {}): Promise<MockCrm> {
  const a = await createMockCrm({ token: 't', ...options });
  opened.push(a);
  return a;
}

const listAll = async (a: MockCrm, set: string) => {
  const res = await a.handle(
    new Request(`http://crm.test/api/data/v9.2/${set}?$orderby=versionnumber`, {
      headers: { authorization: 'Bearer t' },
    }),
  );
  return ((await res.json()) as { value: Record<string, unknown>[] }).value;
};

describe('createMockCrm', () => {
  it('seeds the same accounts, contacts and products for the same count and seed', async () => {
    const a = await app();
    const b = await app();
    const ra = await a.controls.seed(20, 7);
    const rb = await b.controls.seed(20, 7);
    expect(ra).toEqual(rb);
    expect(ra.accounts).toBe(20);
    expect(ra.products).toBe(20);
    expect(ra.contacts).toBeGreaterThan(0);
    for (const set of ['accounts', 'contacts', 'products']) {
      const [la, lb] = [await listAll(a, set), await listAll(b, set)];
      expect(la.map((r) => [r['@odata.etag'], r['name'] ?? r['fullname']])).toEqual(
        lb.map((r) => [r['@odata.etag'], r['name'] ?? r['fullname']]),
      );
    }
  });

  it('seeds other records for another seed value', async () => {
    const a = await app();
    const b = await app();
    await a.controls.seed(5, 1);
    await b.controls.seed(5, 2);
    const ids = async (m: MockCrm) => (await listAll(m, 'accounts')).map((r) => r['accountid']);
    expect(await ids(a)).not.toEqual(await ids(b));
  });

  it('links every seeded contact to a seeded account', async () => {
    const a = await app();
    await a.controls.seed(30, 3);
    const accountIds = new Set((await listAll(a, 'accounts')).map((r) => r['accountid']));
    const contacts = await listAll(a, 'contacts');
    expect(contacts.length).toBeGreaterThan(0);
    for (const c of contacts) expect(accountIds.has(c['_parentcustomerid_value'])).toBe(true);
  });

  it('a second seed adds records instead of clashing with the first', async () => {
    const a = await app();
    await a.controls.seed(10, 5);
    await a.controls.seed(10, 5);
    expect(await listAll(a, 'accounts')).toHaveLength(20);
  });

  it('an edit by another user changes the values and bumps the version', async () => {
    const a = await app();
    await a.controls.seed(3, 9);
    const [first] = await listAll(a, 'accounts');
    const edited = await a.controls.editAsUser('accounts', String(first?.['accountid']), {
      name: 'Renamed by a user',
    });
    expect(edited['name']).toBe('Renamed by a user');
    expect(Number(edited['versionnumber'])).toBeGreaterThan(Number(first?.['versionnumber']));
    expect(edited['@odata.etag']).not.toBe(first?.['@odata.etag']);
  });

  it('an edit by another user is validated like a PATCH', async () => {
    const a = await app();
    await a.controls.seed(1, 9);
    const [first] = await listAll(a, 'accounts');
    await expect(
      a.controls.editAsUser('accounts', String(first?.['accountid']), { nosuchfield: 1 }),
    ).rejects.toThrow(/nosuchfield/);
    await expect(
      a.controls.editAsUser('invoices', String(first?.['accountid']), {}),
    ).rejects.toThrow(/Unknown entity set/);
    await expect(
      a.controls.editAsUser('accounts', String(first?.['accountid']), {
        accountid: '11111111-1111-4111-8111-111111111111',
      }),
    ).rejects.toThrow(/cannot change 'accountid'/);
  });

  it("a PATCH with If-Match never overwrites another user's edit made while its body arrives", async () => {
    const a = await app();
    await a.controls.seed(1, 9);
    const [first] = await listAll(a, 'accounts');
    const id = String(first?.['accountid']);
    // A body that the server must ask for; it is sent only after the other user's edit.
    let asked!: () => void;
    const bodyAsked = new Promise<void>((resolve) => (asked = resolve));
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => void (send = controller),
        pull: () => asked(),
      },
      { highWaterMark: 0 },
    );
    const patching = a.handle(
      new Request(`http://crm.test/api/data/v9.2/accounts(${id})`, {
        method: 'PATCH',
        headers: {
          authorization: 'Bearer t',
          'content-type': 'application/json',
          'if-match': String(first?.['@odata.etag']),
          prefer: 'return=representation',
        },
        body,
        duplex: 'half',
      }),
    );
    await bodyAsked;
    await a.controls.editAsUser('accounts', id, { name: 'Renamed by a user' });
    send.enqueue(new TextEncoder().encode(JSON.stringify({ telephone1: '+1 555 0100' })));
    send.close();
    const response = await patching;
    expect(response.status).toBe(412);
    const [after] = await listAll(a, 'accounts');
    expect(after?.['name']).toBe('Renamed by a user');
    expect(after?.['telephone1']).toBe(first?.['telephone1']);
  });

  it('a delete by another user removes the record and unlinks its contacts', async () => {
    const a = await app();
    await a.controls.seed(30, 3);
    const contact = (await listAll(a, 'contacts'))[0];
    const parent = String(contact?.['_parentcustomerid_value']);
    await a.controls.deleteAsUser('accounts', parent);
    expect((await listAll(a, 'accounts')).some((r) => r['accountid'] === parent)).toBe(false);
    const after = (await listAll(a, 'contacts')).find(
      (c) => c['contactid'] === contact?.['contactid'],
    );
    expect(after?.['_parentcustomerid_value']).toBeNull();
    expect(a.controls.counters().changes.deleted).toBe(1);
  });

  it('reset empties every set and restarts versions so a seed is reproducible', async () => {
    const clock = createManualClock();
    const a = await app({ clock: clock.now });
    await a.controls.seed(4, 11);
    const before = await listAll(a, 'accounts');
    await a.controls.editAsUser('accounts', String(before[0]?.['accountid']), { name: 'x' });
    await a.controls.reset();
    expect(await listAll(a, 'accounts')).toEqual([]);
    clock.advance(0);
    await a.controls.seed(4, 11);
    expect(await listAll(a, 'accounts')).toEqual(before);
  });

  it('reset restores the configured limits and clears faults and counters', async () => {
    const a = await app({ limits: { concurrent: 7 } });
    a.controls.setLimits({ concurrent: 1, requestsPerWindow: 3 });
    a.controls.setFaults({ rate503: 1 });
    await listAll(a, 'accounts');
    await a.controls.reset();
    expect(a.controls.setLimits({})).toEqual({
      requestsPerWindow: 6000,
      windowSeconds: 300,
      concurrent: 7,
      queued: 0,
    });
    expect(a.controls.setFaults({})).toMatchObject({ rate503: 0, rate429: 0, rateDrop: 0 });
    expect(a.controls.counters()).toMatchObject({ requests: 0, faults: { '503': 0 } });
    expect(await listAll(a, 'accounts')).toEqual([]);
  });

  it('keeps its records in a SQLite file across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-crm-'));
    try {
      const file = join(dir, 'crm.sqlite');
      const first = await createMockCrm({ token: 't', db: file });
      await first.controls.seed(3, 1);
      const before = await listAll(first, 'accounts');
      await first.close();
      const second = await createMockCrm({ token: 't', db: file });
      try {
        expect(await listAll(second, 'accounts')).toEqual(before);
        const edited = await second.controls.editAsUser(
          'accounts',
          String(before[0]?.['accountid']),
          { name: 'after restart' },
        );
        const highest = Math.max(...before.map((r) => Number(r['versionnumber'])));
        expect(Number(edited['versionnumber'])).toBeGreaterThan(highest);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('startMockCrm', () => {
  let running: RunningMockCrm | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('serves the API and the controls on a real port with the same token', async () => {
    running = await startMockCrm({ port: 0, token: 'port-token' });
    const client = crmClient(running.url, 'port-token');
    expect((await client.control('POST', 'seed', { count: 2, seed: 1 })).status).toBe(200);
    const list = await client.get('accounts?$select=name');
    expect(list.status).toBe(200);
    expect(list.body.value).toHaveLength(2);
    const counters = await client.control('GET', 'counters');
    expect(counters.body.requests).toBeGreaterThanOrEqual(2);
  });

  it('rejects instead of hanging when the port is taken', async () => {
    running = await startMockCrm({ port: 0 });
    const port = Number(new URL(running.url).port);
    await expect(startMockCrm({ port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('state and status reason', () => {
  const patch = async (a: MockCrm, url: string, body: unknown) => {
    const res = await a.handle(
      new Request(`http://crm.test/api/data/v9.2/${url}`, {
        method: 'PATCH',
        headers: {
          authorization: 'Bearer t',
          'content-type': 'application/json',
          prefer: 'return=representation',
        },
        body: JSON.stringify(body),
      }),
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('a state change without a status reason takes the state’s default reason', async () => {
    const a = await app();
    const id = '0b8f1a4e-2222-4222-8222-000000000001';
    expect((await patch(a, `accounts(${id})`, { name: 'S' })).body).toMatchObject({
      statecode: 0,
      statuscode: 1,
    });
    expect((await patch(a, `accounts(${id})`, { statecode: 1 })).body).toMatchObject({
      statecode: 1,
      statuscode: 2,
    });
    const product = '0b8f1a4e-2222-4222-8222-000000000002';
    expect((await patch(a, `products(${product})`, { statecode: 2 })).body).toMatchObject({
      statecode: 2,
      statuscode: 0,
    });
  });

  it('a status reason that does not belong to the state is refused with 400 and changes nothing', async () => {
    const a = await app();
    const id = '0b8f1a4e-2222-4222-8222-000000000003';
    await patch(a, `accounts(${id})`, { name: 'S' });
    const reply = await patch(a, `accounts(${id})`, { statuscode: 2 });
    expect(reply.status).toBe(400);
    expect(String((reply.body['error'] as { message: string }).message)).toMatch(/status code/);
    const rows = await listAll(a, 'accounts');
    expect(rows[0]).toMatchObject({ statecode: 0, statuscode: 1 });
  });
});
