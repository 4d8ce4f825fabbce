import { customersToAccounts } from '@twinsync/sync-core';
import { describe, expect, it } from 'vitest';
import { coreMappingOf, createCoreDomain, toEngineDecision } from './core-bridge';
import type { Canonical, DecideInput, EngineMapping } from './model';

const domain = createCoreDomain();
const customers = domain.mappings.find((m) => m.id === 'customers') as EngineMapping;
const base: Canonical = { number: 'C1', name: 'Contoso', email: 'a@x.example', active: true };

const input = (patch: Partial<DecideInput>): DecideInput => ({
  mapping: customers,
  base,
  erp: base,
  crm: base,
  allowed: { toErp: true, toCrm: true },
  erpModifiedAt: null,
  crmModifiedAt: null,
  ...patch,
});

describe('the engine domain built from sync-core', () => {
  it('offers the three standard mappings with their raw field names', () => {
    expect(domain.mappings.map((m) => m.id)).toEqual(['customers', 'contacts', 'items']);
    expect(customers.rawField('crm', 'number')).toBe('accountnumber');
    expect(customers.toCanonical('erp', { displayName: ' A ', blocked: 'All' })).toMatchObject({
      name: 'A',
      active: false,
    });
    expect(customers.toRaw('crm', { name: 'A' }, { forCreate: false, all: {} })).toEqual({
      name: 'A',
    });
    expect(customers.validate('erp', { name: null })).toEqual([
      { field: 'name', message: 'name is required' },
    ]);
  });

  it('an admin setting copied onto the engine mapping changes the decision', () => {
    const conflicting = { erp: { ...base, name: 'ERP' }, crm: { ...base, name: 'CRM' } };
    expect(domain.decide(input(conflicting)).type).toBe('conflict');
    const crmWins = { ...customers, updateConflictPolicy: 'crm-wins' as const };
    expect(domain.decide(input({ ...conflicting, mapping: crmWins }))).toEqual({
      type: 'update',
      target: 'erp',
      values: { name: 'CRM' },
      base: { ...base, name: 'CRM' },
      merged: true,
    });
  });

  it('fields the core definition does not know are compared as plain values', () => {
    const wide = { ...customers, fields: ['field1', 'field2'] };
    expect(coreMappingOf(wide).fields.map((f) => f.name)).toEqual(['field1', 'field2']);
    const d = domain.decide(
      input({
        mapping: wide,
        base: { field1: 'a', field2: 'b' },
        erp: { field1: 'x', field2: 'b' },
        crm: { field1: 'a', field2: 'y' },
      }),
    );
    expect(d).toEqual({
      type: 'merge',
      toCrm: { field1: 'x' },
      toErp: { field2: 'y' },
      base: { field1: 'x', field2: 'y' },
    });
  });

  it('a pair deleted on both sides reaches the engine as a deletion without a survivor', () => {
    expect(
      toEngineDecision({ type: 'deleted', deletedIn: 'both', resolution: 'remove-coupling' }),
    ).toEqual({ type: 'deleted', deletedIn: 'erp' });
    expect(domain.decide(input({ crm: null }))).toEqual({ type: 'deleted', deletedIn: 'crm' });
  });

  it('transient errors never skip and a repeated permanent one does', () => {
    expect(
      domain.afterError({ attempts: 3, lastErrorKind: 'throttled' }, 'throttled', true),
    ).toEqual({ attempts: 4, skipped: false });
    expect(
      domain.afterError({ attempts: 1, lastErrorKind: 'conflict' }, 'conflict', false),
    ).toEqual({ attempts: 2, skipped: true });
  });

  it('the core mapping keeps the definition behind the engine mapping', () => {
    expect(coreMappingOf(customers).fields).toEqual(customersToAccounts.fields);
    expect(coreMappingOf(customers).constants).toEqual({ erp: { type: 'Company' }, crm: {} });
  });

  it('a mapping with filters tells which records it accepts and how to query them', () => {
    const filtered = createCoreDomain([
      {
        ...customersToAccounts,
        filters: { erp: [{ field: 'blocked', op: 'ne', value: 'All' }], crm: [] },
      },
    ]).mappings[0]!;
    expect(filtered.accepts?.('erp', { blocked: 'All' })).toBe(false);
    expect(filtered.accepts?.('erp', { blocked: ' ' })).toBe(true);
    expect(filtered.accepts?.('crm', { statecode: 1 })).toBe(true);
    expect(filtered.odataFilter?.('erp')).toBe("blocked ne 'All'");
    expect(customers.odataFilter?.('erp')).toBe('');
    // Another domain's definitions never leak into this one's copies.
    expect(coreMappingOf({ ...customers }).filters.erp).toEqual([]);
    expect(coreMappingOf({ ...filtered }).filters.erp).toHaveLength(1);
  });
});
