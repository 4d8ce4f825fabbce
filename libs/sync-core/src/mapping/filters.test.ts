import { describe, expect, it } from 'vitest';
import { filtersToOData, passesFilters } from './filters';

describe('record filters as data', () => {
  it('a record passes only when every filter of its side holds', () => {
    const filters = [
      { field: 'blocked', op: 'ne', value: 'All' },
      { field: 'creditLimit', op: 'ge', value: 100 },
      { field: 'displayName', op: 'startswith', value: 'con' },
    ] as const;
    expect(passesFilters(filters, { blocked: ' ', creditLimit: 100, displayName: 'Contoso' })).toBe(
      true,
    );
    expect(
      passesFilters(filters, { blocked: 'All', creditLimit: 100, displayName: 'Contoso' }),
    ).toBe(false);
    expect(passesFilters(filters, { blocked: ' ', creditLimit: 99, displayName: 'Contoso' })).toBe(
      false,
    );
    expect(passesFilters([], {})).toBe(true);
  });

  it('filters become an OData $filter with quoted strings', () => {
    expect(
      filtersToOData([
        { field: 'country', op: 'eq', value: "O'Hara" },
        { field: 'name', op: 'contains', value: 'x' },
        { field: 'creditLimit', op: 'gt', value: 5 },
      ]),
    ).toBe("country eq 'O''Hara' and contains(name,'x') and creditLimit gt 5");
  });
});
