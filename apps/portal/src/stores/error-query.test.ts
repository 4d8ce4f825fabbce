import { describe, expect, it } from 'vitest';
import { emptyFilter } from './error-filter';
import { defaultView, queryFromView, sameQuery, viewFromQuery } from './error-query';

describe('the errors view in the URL', () => {
  it('a default view has an empty query, so the home page URL stays plain', () => {
    expect(queryFromView(defaultView())).toEqual({});
  });

  it('round-trips every filter, the sort and the page size through the query', () => {
    const view = {
      filter: {
        mappingId: 'customers',
        kinds: ['conflict', 'deleted'],
        states: ['deleted-in-crm'],
        direction: 'crmToErp' as const,
        from: new Date('2026-11-30T00:00:00.000Z'),
        to: new Date('2026-12-01T00:00:00.000Z'),
        search: 'Adatum',
      },
      sort: 'occurrenceCount' as const,
      order: 'asc' as const,
      pageSize: 100,
    };
    const query = queryFromView(view);
    expect(query).toMatchObject({ mapping: 'customers', kind: 'conflict,deleted', q: 'Adatum' });
    expect(viewFromQuery(query as Record<string, string>)).toEqual(view);
  });

  it('ignores values it does not know instead of sending them to the server', () => {
    const view = viewFromQuery({
      sort: 'password',
      order: 'sideways',
      size: '100000',
      direction: 'up',
      from: 'yesterday-ish',
    });
    expect(view).toEqual(defaultView());
  });

  it('treats repeated keys and key order as the same view', () => {
    expect(sameQuery({ q: ['a', 'b'], kind: 'conflict' }, { kind: 'conflict', q: 'a' })).toBe(true);
    expect(sameQuery({ q: 'a' }, { q: 'b' })).toBe(false);
    expect(sameQuery({}, queryFromView({ ...defaultView(), filter: emptyFilter() }))).toBe(true);
  });
});
