import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, VersionMismatchError } from '../errors';
import type { FetchLike } from '../http/transport';
import { createCrmClient, type CrmClient } from './crm-client';
import { crmOps, odataBind } from './crm-ops';

/** A small deterministic PRNG so injected faults are the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sleeping only moves a virtual clock forward, so Retry-After waits cost no real time. */
function virtualTime() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: (ms: number) => {
      offset += ms;
      return Promise.resolve();
    },
  };
}

describe('the CRM client against the Dataverse mock', () => {
  let mock: RunningMockCrm;
  let crm: CrmClient;
  const client = (extra: { fetch?: FetchLike; pageSize?: number } = {}) =>
    createCrmClient({
      baseUrl: `${mock.url}/api/data/v9.2`,
      token: 't',
      ...virtualTime(),
      retry: { retries: 10 },
      ...extra,
    });

  beforeAll(async () => {
    mock = await startMockCrm({ port: 0, token: 't', random: prng(11) });
    await mock.app.controls.seed(2500, 1);
    crm = client({ pageSize: 400 });
  }, 60_000);
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.app.controls.setFaults({ rate429: 0, rate503: 0, rateDrop: 0 });
  });

  it('pages through a few thousand records without losing or repeating one', async () => {
    const ids = new Set<string>();
    let pages = 0;
    let total = 0;
    for await (const page of crm.list('accounts', { select: ['name'] })) {
      pages++;
      total += page.length;
      for (const r of page) ids.add(String(r['accountid']));
    }
    expect(total).toBeGreaterThanOrEqual(2500);
    expect(ids.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 400));
  }, 60_000);

  it('reads everything with change tracking, then only what changed, including deletions', async () => {
    let deltaLink: string | undefined;
    const initial = new Set<string>();
    for await (const page of crm.trackChanges('products', { select: ['name'], pageSize: 700 })) {
      for (const r of page.upserts) initial.add(String(r['productid']));
      expect(page.deletions).toEqual([]);
      deltaLink = page.deltaLink ?? deltaLink;
    }
    expect(initial.size).toBeGreaterThanOrEqual(2500);
    expect(deltaLink).toBeDefined();

    const [edited, deleted] = [...initial];
    await mock.app.controls.editAsUser('products', edited!, { name: 'Edited by a user' });
    await mock.app.controls.deleteAsUser('products', deleted!);
    const created = await crm.create('products', randomUUID(), { name: 'Created meanwhile' });

    const upserts: Record<string, unknown>[] = [];
    const deletions: string[] = [];
    let next: string | undefined;
    for await (const page of crm.trackChanges('products', { deltaLink: deltaLink!, pageSize: 1 })) {
      upserts.push(...page.upserts);
      deletions.push(...page.deletions);
      next = page.deltaLink ?? next;
    }
    expect(upserts.map((r) => [r['productid'], r['name']]).sort()).toEqual(
      [
        [edited, 'Edited by a user'],
        [created.id, 'Created meanwhile'],
      ].sort(),
    );
    expect(deletions).toEqual([deleted]);
    expect(next).toBeDefined();
    expect(next).not.toBe(deltaLink);

    const quiet = [];
    for await (const page of crm.trackChanges('products', { deltaLink: next! }))
      quiet.push(...page.upserts, ...page.deletions);
    expect(quiet).toEqual([]);
  }, 60_000);

  it('makes no duplicate when a create is retried after its response was lost', async () => {
    let patches = 0;
    const losesFirstCreateResponse: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'PATCH' && ++patches === 1) throw new TypeError('fetch failed');
      return response;
    };
    const flaky = client({ fetch: losesFirstCreateResponse });
    const id = randomUUID();
    const result = await flaky.create('accounts', id, { name: 'Lost response Ltd' });
    expect(result.alreadyExisted).toBe(true);
    expect(result.record?.['name']).toBe('Lost response Ltd');
    const matches = [];
    for await (const page of crm.list('accounts', { filter: "name eq 'Lost response Ltd'" }))
      matches.push(...page);
    expect(matches.map((r) => r['accountid'])).toEqual([id]);
  }, 60_000);

  it('creates with a client-chosen id and returns the stored record with its etag', async () => {
    const id = randomUUID();
    const result = await crm.create('accounts', id, { name: 'Chosen id', creditlimit: 5000 });
    expect(result).toMatchObject({ id, alreadyExisted: false });
    expect(result.record).toMatchObject({ accountid: id, name: 'Chosen id', creditlimit: 5000 });
    expect(result.etag).toMatch(/^W\/"\d+"$/);
    expect((await crm.get('accounts', id))?.['@odata.etag']).toBe(result.etag);
  }, 60_000);

  it('refuses an update or delete with a stale etag as a version mismatch', async () => {
    const id = randomUUID();
    const created = await crm.create('accounts', id, { name: 'Stale' });
    const updated = await crm.update('accounts', id, { address1_city: 'Lima' }, created.etag!);
    expect(updated.etag).not.toBe(created.etag);
    await expect(
      crm.update('accounts', id, { address1_city: 'Quito' }, created.etag!),
    ).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(crm.delete('accounts', id, created.etag!)).rejects.toMatchObject({
      kind: 'version-mismatch',
      status: 412,
      code: '0x80060882',
    });
    await crm.delete('accounts', id, updated.etag!);
    expect(await crm.get('accounts', id)).toBeNull();
    await expect(crm.delete('accounts', id, updated.etag!)).rejects.toBeInstanceOf(NotFoundError);
  }, 60_000);

  it('commits 1000 creates of one atomic batch, a contact bound to an account of the same batch included', async () => {
    const accountId = randomUUID();
    const ops = [
      crmOps.create('accounts', accountId, { name: 'Batch parent' }),
      crmOps.create('contacts', randomUUID(), {
        firstname: 'Bound',
        lastname: 'Contact',
        'parentcustomerid_account@odata.bind': odataBind('accounts', accountId),
      }),
      ...Array.from({ length: 998 }, (_, i) =>
        crmOps.create('products', randomUUID(), { name: `Batch product ${i}` }),
      ),
    ];
    const outcomes = await crm.batch(ops);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1000);
    const contact = outcomes[1];
    expect(contact?.ok && contact.entityId).toBe(
      (ops[1]?.url ?? '').replace(/^contacts\((.*)\)$/, '$1'),
    );
    const stored = await crm.get('contacts', String(contact?.ok && contact.entityId));
    expect(stored).toMatchObject({ fullname: 'Bound Contact', _parentcustomerid_value: accountId });
  }, 60_000);

  it('writes nothing of an atomic batch with one bad operation, but the good ones of a non-atomic batch', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const ops = [
      crmOps.create('products', ids[0]!, { name: 'Good 1' }),
      crmOps.create('products', ids[1]!, { name: 'Bad', price: 'free' }),
      crmOps.create('products', ids[2]!, { name: 'Good 3' }),
    ];
    const atomic = await crm.batch(ops);
    expect(atomic.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual([
      'rolled-back',
      'validation',
      'rolled-back',
    ]);
    expect(await crm.get('products', ids[0]!)).toBeNull();
    const independent = await crm.batch(ops, { atomic: false });
    expect(independent.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual([
      'ok',
      'validation',
      'ok',
    ]);
    expect(await crm.get('products', ids[2]!)).not.toBeNull();
  }, 60_000);

  it('rides out injected 429s with Retry-After, 503s and dropped connections', async () => {
    mock.app.controls.setFaults({
      rate429: 0.2,
      retryAfterSeconds: 1,
      rate503: 0.1,
      rateDrop: 0.05,
    });
    const stormy = client({ pageSize: 250 });
    let total = 0;
    for await (const page of stormy.list('accounts', { select: ['name'] })) total += page.length;
    expect(total).toBeGreaterThanOrEqual(2500);
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stormy.create('accounts', randomUUID(), { name: `Storm ${i}` }),
      ),
    );
    expect(new Set(created.map((c) => c.id)).size).toBe(20);
    const outcomes = await stormy.batchAll(
      Array.from({ length: 300 }, (_, i) =>
        crmOps.create('products', randomUUID(), { name: `Storm product ${i}` }),
      ),
      { chunkSize: 100 },
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const stats = stormy.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.failures).toBe(0);
  }, 60_000);
});
