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

  it.each([
    [{ field: 'n', op: 'eq', value: 5 }, { n: 5 }, true],
    [{ field: 'n', op: 'eq', value: null }, {}, true],
    [{ field: 'n', op: 'gt', value: 5 }, { n: 6 }, true],
    [{ field: 'n', op: 'lt', value: 5 }, { n: 5 }, false],
    [{ field: 'n', op: 'le', value: 5 }, { n: 5 }, true],
    [{ field: 's', op: 'ge', value: 'b' }, { s: 'B' }, true],
    [{ field: 'n', op: 'gt', value: 5 }, { n: '6' }, false],
    [{ field: 's', op: 'contains', value: 'ONT' }, { s: 'Contoso' }, true],
    [{ field: 's', op: 'startswith', value: 'x' }, { s: 1 }, false],
  ] as const)('filter %j on %j holds: %s', (filter, raw, holds) => {
    expect(passesFilters([filter], raw)).toBe(holds);
  });
});
