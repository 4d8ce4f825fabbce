import { describe, expect, it } from 'vitest';
import { deletedSideOf } from './deleted-side';

const field = (erp: unknown, crm: unknown) => ({
  field: 'name',
  base: 'Woodgrove',
  erp,
  crm,
  erpChanged: false,
  crmChanged: false,
  differs: erp !== crm,
});

describe('deletedSideOf', () => {
  it('reads the side from a fresh deletion state', () => {
    expect(deletedSideOf({ kind: 'deleted', state: 'deleted-in-erp', fields: [] })).toBe('erp');
    expect(deletedSideOf({ kind: 'deleted', state: 'deleted-in-crm', fields: [] })).toBe('crm');
  });

  it('finds the side of a repeated (Skipped) deletion from which app has no values left', () => {
    const fields = [field('Woodgrove', null), field('Boston', null)];
    expect(deletedSideOf({ kind: 'deleted', state: 'skipped', fields })).toBe('crm');
    const other = [field(null, 'Woodgrove')];
    expect(deletedSideOf({ kind: 'deleted', state: 'skipped', fields: other })).toBe('erp');
  });

  it('is null for anything that is not a deletion', () => {
    const fields = [field('A', 'B')];
    expect(deletedSideOf({ kind: 'conflict', state: 'skipped', fields })).toBeNull();
    expect(deletedSideOf({ kind: 'deleted', state: 'skipped', fields })).toBeNull();
  });
});
