/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
import { expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';
import type { Reply } from '../client';

interface Delta {
  pages: Reply[];
  records: Record<string, any>[];
  deleted: Record<string, any>[];
  deltaLink: string;
}

export function changeTrackingRules(ctx: () => ContractContext) {
  /** Follows next links (bounded) until the page that carries the delta link. */
  async function follow(first: string, pageSize?: number): Promise<Delta> {
    const prefer = ['odata.track-changes'];
    if (pageSize !== undefined) prefer.push(`odata.maxpagesize=${pageSize}`);
    const pages: Reply[] = [];
    let url: string | undefined = first;
    for (let i = 0; url !== undefined && i < 1000; i++) {
      const reply = await ctx().client.get(url, { Prefer: prefer.join(',') });
      expect(reply.status, reply.text).toBe(200);
      pages.push(reply);
      if (reply.body['@odata.deltaLink'] !== undefined) break;
      url = reply.body['@odata.nextLink'] as string | undefined;
      expect(url, 'a page without a delta link must have a next link').toBeDefined();
    }
    const last = pages[pages.length - 1];
    const deltaLink = last?.body['@odata.deltaLink'] as string | undefined;
    expect(deltaLink).toBeDefined();
    const items = pages.flatMap((p) => p.body.value as Record<string, any>[]);
    const isDeleted = (r: Record<string, any>) =>
      String(r['@odata.context'] ?? '').endsWith('$deletedEntity');
    return {
      pages,
      records: items.filter((r) => !isDeleted(r)),
      deleted: items.filter(isDeleted),
      deltaLink: deltaLink ?? '',
    };
  }
  const product = (name: string) => ctx().create('products', { name: ctx().unique(name) });

  it('Prefer: odata.track-changes answers with an @odata.deltaLink and Preference-Applied', async () => {
    await product('Tracked');
    const delta = await follow('products?$select=name,price');
    expect(delta.deltaLink).toMatch(/\$deltatoken=/);
    expect(delta.pages[0]?.headers.get('preference-applied')).toContain('odata.track-changes');
    expect(delta.records.length).toBeGreaterThan(0);
    for (const r of delta.records) expect(r['@odata.etag']).toMatch(/^W\/"\d+"$/);
  });

  it('following the delta link returns the new and changed records only', async () => {
    const changed = await product('Will change');
    const unchanged = await product('Stays');
    const { deltaLink } = await follow('products?$select=name');
    const added = await product('Added later');
    await ctx().client.patch(changed.url, { name: 'Changed later' });
    const delta = await follow(deltaLink);
    const byId = new Map(delta.records.map((r) => [r.productid as string, r]));
    expect(byId.get(added.id)?.name).toBe(added.body.name);
    expect(byId.get(changed.id)?.name).toBe('Changed later');
    expect(byId.has(unchanged.id)).toBe(false);
    expect(Object.keys(byId.get(changed.id) ?? {}).sort()).toEqual(
      ['@odata.etag', 'name', 'productid'].sort(),
    );
  });

  it('a deleted record comes back as a $deletedEntity tombstone with its id and reason deleted', async () => {
    const doomed = await product('Doomed');
    const { deltaLink } = await follow('products?$select=name');
    expect((await ctx().client.delete(doomed.url)).status).toBe(204);
    const delta = await follow(deltaLink);
    const tombstone = delta.deleted.find((d) => d.id === doomed.id);
    expect(tombstone).toMatchObject({ id: doomed.id, reason: 'deleted' });
    expect(tombstone?.['@odata.context']).toMatch(/\$metadata#products\/\$deletedEntity$/);
    expect(delta.records.some((r) => r.productid === doomed.id)).toBe(false);
  });

  it('change tracking pages with odata.maxpagesize and gives the delta link on the last page only', async () => {
    const { deltaLink } = await follow('products?$select=name');
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await product(`Paged ${i}`));
    const delta = await follow(deltaLink, 2);
    expect(delta.pages.length).toBeGreaterThanOrEqual(3);
    for (const page of delta.pages.slice(0, -1)) {
      expect(page.body['@odata.deltaLink']).toBeUndefined();
      expect(page.body['@odata.nextLink']).toBeDefined();
    }
    const ids = delta.records.map((r) => r.productid as string);
    for (const c of created) expect(ids.filter((id) => id === c.id)).toHaveLength(1);
  });

  it('a new delta link after nothing changed returns nothing', async () => {
    const first = await follow('products?$select=name');
    const again = await follow(first.deltaLink);
    const quiet = await follow(again.deltaLink);
    expect(quiet.records).toEqual([]);
    expect(quiet.deleted).toEqual([]);
  });

  it('$filter, $orderby, $expand and $top together with change tracking are refused with 400', async () => {
    for (const query of [
      `$select=name&$filter=${encodeURIComponent("name eq 'x'")}`,
      '$select=name&$orderby=name',
      '$select=lastname&$expand=parentcustomerid_account($select=name)',
      '$select=name&$top=5',
    ]) {
      const set = query.includes('lastname') ? 'contacts' : 'products';
      const reply = await ctx().client.get(`${set}?${query}`, { Prefer: 'odata.track-changes' });
      expect(reply.status, query).toBe(400);
      errorOf(reply);
    }
  });

  it('a delta token that was never issued is refused with 400', async () => {
    const reply = await ctx().client.get('products?$select=name&$deltatoken=not-a-token', {
      Prefer: 'odata.track-changes',
    });
    expect(reply.status).toBe(400);
    errorOf(reply);
  });
}
