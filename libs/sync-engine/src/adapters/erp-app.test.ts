import { createErpClient, type ErpClient } from '@twinsync/connectors';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppPort, ChangePage } from '../ports';
import { createErpApp } from './erp-app';

let mock: RunningMockErp;
let app: AppPort;
let client: ErpClient;

async function collect(pages: AsyncIterable<ChangePage>) {
  const out: ChangePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

beforeAll(async () => {
  mock = await startMockErp({ port: 0, token: 't' });
  await mock.app.controls.seed(30, 7);
  client = createErpClient({
    baseUrl: `${mock.url}/api/v2.0`,
    token: 't',
    pageSize: 10,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
  });
  app = createErpApp(client);
});

afterAll(async () => {
  await mock.close();
});

describe('the ERP adapter against the real Business Central mock', () => {
  it('pages every customer on a first read and nothing after its last token', async () => {
    const pages = await collect(app.changes('customers', null));
    expect(pages.flatMap((p) => p.upserts)).toHaveLength(30);
    const token = pages.at(-1)?.token ?? null;
    expect(token).not.toBeNull();
    const again = await collect(app.changes('customers', token));
    expect(again.flatMap((p) => p.upserts)).toHaveLength(0);
  });

  it('creates with a planned id and number, and a repeated create does not duplicate', async () => {
    const id = app.planId();
    const op = {
      type: 'create' as const,
      id,
      values: { number: 'TSPLANNED1', displayName: 'Planned Ltd' },
    };
    const [first] = await app.write('customers', [op]);
    expect(first).toMatchObject({ ok: true, id });
    const [second] = await app.write('customers', [op]);
    expect(second).toMatchObject({ ok: true, alreadyExisted: true });
    const found = await app.findByField('customers', 'number', ['TSPLANNED1']);
    expect(found).toHaveLength(1);
  });

  it('reads many records in batches and leaves missing ids out', async () => {
    const [page] = await collect(app.changes('customers', null));
    const ids = (page?.upserts ?? []).map((r) => r.id);
    const found = await app.getMany('customers', [...ids, app.planId()]);
    expect(found.size).toBe(ids.length);
  });

  it('an update with a stale etag is a version mismatch', async () => {
    const [page] = await collect(app.changes('customers', null));
    const record = page?.upserts[0];
    if (!record) throw new Error('no record');
    await mock.app.controls.editAsUser('customers', record.id, { displayName: 'User edit' });
    const [outcome] = await app.write('customers', [
      { type: 'update', id: record.id, etag: record.etag, values: { displayName: 'Sync' } },
    ]);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'version-mismatch' } });
  });
});

describe('the ERP ids with a change token as of their listing', () => {
  it('lists every id once, and from its token reads only what changed after the listing', async () => {
    const everything = (await collect(app.changes('customers', null))).flatMap((p) => p.upserts);
    const ids: string[] = [];
    let token: string | null = null;
    for await (const page of app.listIdsWithToken?.('customers') ?? []) {
      ids.push(...page.ids);
      token = page.token;
    }
    expect(new Set(ids)).toEqual(new Set(everything.map((r) => r.id)));
    expect(token).not.toBeNull();
    expect(await collect(app.changes('customers', token))).toEqual([
      expect.objectContaining({ upserts: [] }),
    ]);
    const edited = ids[3] ?? '';
    await mock.app.controls.editAsUser('customers', edited, { displayName: 'After the listing' });
    const after = (await collect(app.changes('customers', token))).flatMap((p) => p.upserts);
    expect(after.map((r) => [r.id, r.raw['displayName']])).toEqual([[edited, 'After the listing']]);
  });
});

describe('reading a partitioned chunk of ERP ids as one key range', () => {
  async function sortedIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of app.listIds('customers')) ids.push(...page);
    return ids.sort();
  }

  it('reads a sorted slice of ids in one request and leaves out records not asked for', async () => {
    const ids = await sortedIds();
    const slice = ids.slice(5, 13); // within one page (this client pages by 10)
    const before = client.stats().requests;
    const found = await app.getManyInRange!('customers', slice);
    expect(client.stats().requests - before).toBe(1);
    expect([...found.keys()].sort()).toEqual(slice);
    expect(found.get(slice[0]!)?.etag).toMatch(/^W\//);
  });

  it('reads what the range did not give by id: a record deleted meanwhile is simply absent', async () => {
    const ids = await sortedIds();
    const slice = ids.slice(20, 26);
    await mock.app.controls.deleteAsUser('customers', slice[2]!);
    const found = await app.getManyInRange!('customers', slice);
    expect([...found.keys()].sort()).toEqual(slice.filter((_, i) => i !== 2));
  });

  it('reads ids that are not GUIDs by id, never as filter text', async () => {
    const ids = await sortedIds();
    const before = client.stats().requests;
    // Read by id, the app refuses the key as it refuses it in getMany (no filter was sent).
    await expect(app.getManyInRange!('customers', [ids[0]!, "x') or (true"])).rejects.toThrow(
      /is not a valid GUID/,
    );
    expect(client.stats().requests - before).toBe(1); // the one $batch of GETs
  });

  it('returns every record of ids that are not a contiguous slice', async () => {
    const ids = await sortedIds();
    const spread = [ids.at(-1)!, ids[0]!, ids[Math.floor(ids.length / 2)]!];
    const found = await app.getManyInRange!('customers', spread);
    expect([...found.keys()].sort()).toEqual([...spread].sort());
  });
});
