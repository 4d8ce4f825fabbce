import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VersionMismatchError } from '../errors';
import type { FetchLike } from '../http/transport';
import { createErpClient, type ErpClient } from './erp-client';
import { erpOps } from './erp-ops';

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

describe('the ERP client against the Business Central mock', () => {
  let mock: RunningMockErp;
  let erp: ErpClient;
  const client = (extra: { fetch?: FetchLike; pageSize?: number } = {}) =>
    createErpClient({
      baseUrl: `${mock.url}/api/v2.0`,
      token: 't',
      ...virtualTime(),
      retry: { retries: 10 },
      ...extra,
    });

  beforeAll(async () => {
    mock = await startMockErp({ port: 0, token: 't', random: prng(7) });
    await mock.app.controls.seed(2500, 1);
    erp = client({ pageSize: 400 });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.app.controls.setFaults({ rate429: 0, rate503: 0, rateDrop: 0 });
  });

  it('pages through a few thousand records without losing or repeating one', async () => {
    const ids = new Set<string>();
    let pages = 0;
    let total = 0;
    for await (const page of erp.list('customers')) {
      pages++;
      total += page.length;
      for (const r of page) ids.add(String(r.id));
    }
    expect(total).toBeGreaterThanOrEqual(2500);
    expect(ids.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 400));
  });

  it('reads every record once by watermark even when they share one timestamp, then only later changes', async () => {
    let watermark: string | undefined;
    let seenAtWatermark: string[] = [];
    const ids = new Set<string>();
    let count = 0;
    for await (const page of erp.changedSince('customers', undefined, { pageSize: 300 })) {
      count += page.records.length;
      for (const r of page.records) ids.add(String(r.id));
      watermark = page.watermark;
      seenAtWatermark = page.idsAtWatermark;
    }
    expect(ids.size).toBe(count);
    await new Promise((r) => setTimeout(r, 5));
    const [first] = (await erp.list('customers', { top: 1, orderby: 'number' }).next()).value ?? [];
    await mock.app.controls.editAsUser('customers', String(first?.id), { city: 'Osaka' });
    const changed = [];
    for await (const page of erp.changedSince('customers', watermark, { seenAtWatermark })) {
      changed.push(...page.records);
    }
    expect(changed.map((r) => [r.id, r['city']])).toEqual([[first?.id, 'Osaka']]);
  });

  it('finds records deleted by a user with an id sweep', async () => {
    const before = new Set<string>();
    for await (const ids of erp.listIds('items')) for (const id of ids) before.add(id);
    const victim = [...before][3]!;
    await mock.app.controls.deleteAsUser('items', victim);
    const after = new Set<string>();
    for await (const ids of erp.listIds('items')) for (const id of ids) after.add(id);
    expect([...before].filter((id) => !after.has(id))).toEqual([victim]);
  });

  it('makes no duplicate when a create is retried after its response was lost', async () => {
    let posts = 0;
    const losesFirstCreateResponse: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (
        init?.method === 'POST' &&
        (typeof input === 'string' ? input : '').endsWith('/customers') &&
        ++posts === 1
      ) {
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const flaky = client({ fetch: losesFirstCreateResponse });
    const result = await flaky.create('customers', {
      number: 'LOST-1',
      displayName: 'Lost response Ltd',
    });
    expect(result.alreadyExisted).toBe(true);
    expect(posts).toBe(1);
    const matches = [];
    for await (const page of erp.list('customers', { filter: "number eq 'LOST-1'" }))
      matches.push(...page);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.id).toBe(result.id);
  });

  it('refuses an update or delete with a stale etag as a version mismatch', async () => {
    const created = await erp.create('customers', { number: 'STALE-1', displayName: 'Stale' });
    const updated = await erp.update('customers', created.id, { city: 'Lima' }, created.etag!);
    await expect(
      erp.update('customers', created.id, { city: 'Quito' }, created.etag!),
    ).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(erp.delete('customers', created.id, created.etag!)).rejects.toMatchObject({
      kind: 'version-mismatch',
      status: 409,
      code: 'Request_EntityChanged',
    });
    await erp.delete('customers', created.id, updated.etag!);
    expect(await erp.get('customers', created.id)).toBeNull();
  });

  it('writes nothing of an atomic batch with one bad operation, but the good ones of a non-atomic batch', async () => {
    const ops = [
      erpOps.create('items', { number: 'B-1', displayName: 'Good 1' }),
      erpOps.create('items', { number: 'B-2', displayName: 'Bad', unitPrice: -1 }),
      erpOps.create('items', { number: 'B-3', displayName: 'Good 3' }),
    ];
    const atomic = await erp.batch(ops);
    expect(atomic.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual([
      'rolled-back',
      'validation',
      'rolled-back',
    ]);
    expect(await erp.findByNumber('items', 'B-1')).toBeNull();
    const independent = await erp.batch(ops, { atomic: false });
    expect(independent.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual([
      'ok',
      'validation',
      'ok',
    ]);
    expect(await erp.findByNumber('items', 'B-3')).not.toBeNull();
  });

  it('rides out injected 429s with Retry-After, 503s and dropped connections', async () => {
    mock.app.controls.setFaults({
      rate429: 0.2,
      retryAfterSeconds: 1,
      rate503: 0.1,
      rateDrop: 0.05,
    });
    const stormy = client({ pageSize: 250 });
    let total = 0;
    for await (const page of stormy.list('customers')) total += page.length;
    expect(total).toBeGreaterThanOrEqual(2500);
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stormy.create('customers', { number: `STORM-${i}`, displayName: `Storm ${i}` }),
      ),
    );
    expect(new Set(created.map((c) => c.id)).size).toBe(20);
    const stats = stormy.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.failures).toBe(0);
  });
});
