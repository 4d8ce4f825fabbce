import { describe, expect, it } from 'vitest';
import { changedFields } from './changed-fields';

describe('changedFields', () => {
  it('reports a mapped field whose value differs from the base', () => {
    expect(
      changedFields(['name', 'phone'], { name: 'A', phone: '1' }, { name: 'B', phone: '1' }),
    ).toEqual(['name']);
  });

  it('ignores edits to fields that are not mapped', () => {
    expect(changedFields(['name'], { name: 'A', fax: '1' }, { name: 'A', fax: '2' })).toEqual([]);
  });

  it('treats a missing field as null', () => {
    expect(changedFields(['email'], {}, { email: null })).toEqual([]);
    expect(changedFields(['email'], {}, { email: 'a@b.c' })).toEqual(['email']);
  });
});
