import type { RawRecord, RecordFilter } from './types';

function compare(a: unknown, b: RecordFilter['value']): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string')
    return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  return null;
}

function holds(filter: RecordFilter, raw: RawRecord): boolean {
  const value = Object.hasOwn(raw, filter.field) ? raw[filter.field] : null;
  switch (filter.op) {
    case 'eq':
      return (value ?? null) === filter.value;
    case 'ne':
      return (value ?? null) !== filter.value;
    case 'startswith':
    case 'contains':
      if (typeof value !== 'string' || typeof filter.value !== 'string') return false;
      return filter.op === 'contains'
        ? value.toLowerCase().includes(filter.value.toLowerCase())
        : value.toLowerCase().startsWith(filter.value.toLowerCase());
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      const c = compare(value, filter.value);
      if (c === null) return false;
      if (filter.op === 'gt') return c > 0;
      if (filter.op === 'ge') return c >= 0;
      if (filter.op === 'lt') return c < 0;
      return c <= 0;
    }
  }
}

/** Whether a raw record passes every filter of its side (no filters = every record). */
export function passesFilters(filters: readonly RecordFilter[], raw: RawRecord): boolean {
  return filters.every((f) => holds(f, raw));
}

function literal(value: RecordFilter['value']): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** The filters as an OData `$filter` expression (empty string when there are none). */
export function filtersToOData(filters: readonly RecordFilter[]): string {
  return filters
    .map((f) =>
      f.op === 'startswith' || f.op === 'contains'
        ? `${f.op}(${f.field},${literal(f.value)})`
        : `${f.field} ${f.op} ${literal(f.value)}`,
    )
    .join(' and ');
}
