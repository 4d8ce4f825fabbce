import { describe, expect, it } from 'vitest';
import { compareFields } from './field-comparison';

describe('compareFields', () => {
  it('marks which side changed since the base and whether the sides disagree', () => {
    const rows = compareFields(
      { name: 'Acme', city: 'Oslo', phone: '1' },
      { name: 'Acme AS', city: 'Oslo', phone: '1' },
      { name: 'Acme', city: 'Bergen', phone: '1' },
    );
    expect(rows).toEqual([
      {
        field: 'name',
        base: 'Acme',
        erp: 'Acme AS',
        crm: 'Acme',
        erpChanged: true,
        crmChanged: false,
        differs: true,
      },
      {
        field: 'city',
        base: 'Oslo',
        erp: 'Oslo',
        crm: 'Bergen',
        erpChanged: false,
        crmChanged: true,
        differs: true,
      },
      {
        field: 'phone',
        base: '1',
        erp: '1',
        crm: '1',
        erpChanged: false,
        crmChanged: false,
        differs: false,
      },
    ]);
  });

  it('does not call a side changed when the error carries no values for it', () => {
    const [row] = compareFields({ name: 'A' }, { name: 'B' }, null);
    expect(row).toMatchObject({ erpChanged: true, crmChanged: false, crm: null });
  });
});
