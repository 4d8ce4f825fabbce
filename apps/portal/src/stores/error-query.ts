import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ErrorSort } from '../api/types';
import { emptyFilter, type ErrorFilterForm } from './error-filter';

/** What the errors page keeps in its URL, so a reload, a bookmark or Back restores the view. */
export interface ErrorView {
  filter: ErrorFilterForm;
  sort: ErrorSort;
  order: 'asc' | 'desc';
  pageSize: number;
}

export const defaultView = (): ErrorView => ({
  filter: emptyFilter(),
  sort: 'lastSeenAt',
  order: 'desc',
  pageSize: 50,
});

const sorts: readonly ErrorSort[] = [
  'lastSeenAt',
  'firstSeenAt',
  'occurrenceCount',
  'kind',
  'recordName',
];
const pageSizes = [25, 50, 100, 200];

function one(query: LocationQuery, key: string): string | null {
  const value = query[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.length > 0 ? first : null;
}

function list(query: LocationQuery, key: string): string[] {
  const value = one(query, key);
  return value ? value.split(',').filter(Boolean) : [];
}

function date(query: LocationQuery, key: string): Date | null {
  const value = one(query, key);
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** The view a URL asks for; anything unknown or malformed falls back to the default. */
export function viewFromQuery(query: LocationQuery): ErrorView {
  const view = defaultView();
  const direction = one(query, 'direction');
  const sort = one(query, 'sort');
  const size = Number(one(query, 'size'));
  view.filter = {
    mappingId: one(query, 'mapping'),
    kinds: list(query, 'kind'),
    states: list(query, 'state'),
    direction: direction === 'erpToCrm' || direction === 'crmToErp' ? direction : null,
    from: date(query, 'from'),
    to: date(query, 'to'),
    search: one(query, 'q') ?? '',
  };
  if (sort && sorts.includes(sort as ErrorSort)) view.sort = sort as ErrorSort;
  if (one(query, 'order') === 'asc') view.order = 'asc';
  if (pageSizes.includes(size)) view.pageSize = size;
  return view;
}

/** The URL query of a view: only what differs from the default, so a plain view has a plain URL. */
export function queryFromView(view: ErrorView): LocationQueryRaw {
  const query: Record<string, string> = {};
  const { filter } = view;
  if (filter.mappingId) query['mapping'] = filter.mappingId;
  if (filter.kinds.length) query['kind'] = filter.kinds.join(',');
  if (filter.states.length) query['state'] = filter.states.join(',');
  if (filter.direction) query['direction'] = filter.direction;
  if (filter.from) query['from'] = filter.from.toISOString();
  if (filter.to) query['to'] = filter.to.toISOString();
  if (filter.search.trim()) query['q'] = filter.search.trim();
  const fallback = defaultView();
  if (view.sort !== fallback.sort) query['sort'] = view.sort;
  if (view.order !== fallback.order) query['order'] = view.order;
  if (view.pageSize !== fallback.pageSize) query['size'] = String(view.pageSize);
  return query;
}

/** True when two queries name the same view (key order and array-vs-string do not matter). */
export function sameQuery(a: LocationQuery | LocationQueryRaw, b: LocationQueryRaw): boolean {
  const norm = (q: LocationQuery | LocationQueryRaw) =>
    JSON.stringify(
      Object.entries(q)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)])
        .sort(([x], [y]) => String(x).localeCompare(String(y))),
    );
  return norm(a) === norm(b);
}
