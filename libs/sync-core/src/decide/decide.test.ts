import { describe, expect, it } from 'vitest';
import { contactsToContacts, customersToAccounts } from '../mapping/standard-mappings';
import type { DeletionPolicy, TableMapping, UpdateConflictPolicy } from '../mapping/types';
import type { FieldValues } from '../values/field-value';
import { decide } from './decide';
import type { DecideInput, Decision, DecisionType } from './decision';

const base: FieldValues = {
  number: 'C1',
  name: 'Contoso',
  phone: '+1 555 0100',
  email: 'info@contoso.example',
  creditLimit: 1000,
  active: true,
};

const mapping = (patch: Partial<TableMapping> = {}): TableMapping => ({
  ...customersToAccounts,
  ...patch,
});

const input = (patch: Partial<DecideInput>): DecideInput => ({
  mapping: customersToAccounts,
  base,
  erp: base,
  crm: base,
  ...patch,
});

/** One example per decision type: a missing type does not compile. */
const examples: Record<DecisionType, { input: DecideInput; expected: Partial<Decision> }> = {
  unchanged: { input: input({}), expected: { type: 'unchanged', base } },
  update: {
    input: input({ erp: { ...base, name: 'Contoso Ltd' } }),
    expected: {
      type: 'update',
      target: 'crm',
      values: { name: 'Contoso Ltd' },
      base: { ...base, name: 'Contoso Ltd' },
    },
  },
  merge: {
    input: input({ erp: { ...base, name: 'Contoso Ltd' }, crm: { ...base, phone: '+1 555 0199' } }),
    expected: {
      type: 'merge',
      toCrm: { name: 'Contoso Ltd' },
      toErp: { phone: '+1 555 0199' },
      base: { ...base, name: 'Contoso Ltd', phone: '+1 555 0199' },
    },
  },
  conflict: {
    input: input({ erp: { ...base, name: 'ERP name' }, crm: { ...base, name: 'CRM name' } }),
    expected: {
      type: 'conflict',
      fields: [{ field: 'name', base: 'Contoso', erp: 'ERP name', crm: 'CRM name' }],
    },
  },
  create: {
    input: input({ base: null, crm: null }),
    expected: { type: 'create', target: 'crm', values: base },
  },
  match: {
    input: input({
      base: null,
      crm: null,
      candidates: [
        { id: 'a2', values: { ...base, number: 'C2' } },
        { id: 'a1', values: { number: 'C1', name: 'Other name' } },
      ],
    }),
    expected: { type: 'match', target: 'crm', candidateId: 'a1', field: 'number', priority: 0 },
  },
  deleted: {
    input: input({ crm: null }),
    expected: { type: 'deleted', deletedIn: 'crm', resolution: 'raise-error' },
  },
  invalid: {
    input: input({ crm: { ...base, name: 'x'.repeat(101) } }),
    expected: {
      type: 'invalid',
      side: 'erp',
      problems: [{ field: 'name', message: 'name is longer than 100 characters' }],
    },
  },
  skip: {
    input: input({ crm: { ...base, phone: '2' }, allowed: { toErp: false, toCrm: true } }),
    expected: { type: 'skip', reason: 'direction' },
  },
};

describe('decide: one example per decision', () => {
  it.each(Object.entries(examples))('%s', (_type, { input, expected }) => {
    expect(decide(input)).toMatchObject(expected);
  });
});

describe('decide: change detection by values', () => {
  it('a record whose mapped values equal the base is unchanged however recently it was edited', () => {
    expect(
      decide(
        input({ erpModifiedAt: '2030-01-01T00:00:00Z', crmModifiedAt: '2020-01-01T00:00:00Z' }),
      ).type,
    ).toBe('unchanged');
  });

  it('edits to unmapped fields never cause a sync or a conflict', () => {
    expect(
      decide(input({ erp: { ...base, fax: '1', notes: 'a' }, crm: { ...base, fax: '2' } })).type,
    ).toBe('unchanged');
  });

  it('the same change made on both sides is no conflict and becomes the base', () => {
    const d = decide(input({ erp: { ...base, name: 'Same' }, crm: { ...base, name: 'Same' } }));
    expect(d).toEqual({ type: 'unchanged', base: { ...base, name: 'Same' } });
  });

  it('a field one side does not carry is unknown and never a change', () => {
    const { phone: _phone, ...withoutPhone } = base;
    expect(decide(input({ crm: withoutPhone })).type).toBe('unchanged');
  });

  it('a changed field that flows only to the CRM is not synced back when edited in the CRM', () => {
    const contact = { name: 'Ann Lee', companyNumber: 'C1' };
    const d = decide({
      mapping: contactsToContacts,
      base: contact,
      erp: contact,
      crm: { ...contact, companyNumber: 'C9' },
    });
    expect(d).toEqual({ type: 'unchanged', base: contact });
    const fromErp = decide({
      mapping: contactsToContacts,
      base: contact,
      erp: { ...contact, companyNumber: 'C7' },
      crm: { ...contact, companyNumber: 'C9' },
    });
    expect(fromErp).toMatchObject({
      type: 'update',
      target: 'crm',
      values: { companyNumber: 'C7' },
    });
  });

  it('a never-synced pair counts the origin side as the changed one', () => {
    const d = decide(
      input({ base: null, erp: base, crm: { ...base, phone: null }, origin: 'crm' }),
    );
    expect(d).toMatchObject({ type: 'update', target: 'erp', values: { phone: null } });
  });
});

describe('decide: update-conflict policies', () => {
  const conflicting = {
    erp: { ...base, name: 'ERP name', phone: 'erp phone' },
    crm: { ...base, name: 'CRM name', email: 'crm@contoso.example' },
  };
  const expected: Record<UpdateConflictPolicy, Partial<Decision>> = {
    'raise-error': { type: 'conflict' },
    'erp-wins': {
      type: 'merge',
      toCrm: { name: 'ERP name', phone: 'erp phone' },
      toErp: { email: 'crm@contoso.example' },
    },
    'crm-wins': {
      type: 'merge',
      toCrm: { phone: 'erp phone' },
      toErp: { name: 'CRM name', email: 'crm@contoso.example' },
    },
    'newest-wins': {
      type: 'merge',
      toCrm: { phone: 'erp phone' },
      toErp: { name: 'CRM name', email: 'crm@contoso.example' },
      resolved: [{ field: 'name', winner: 'crm', rule: 'newest-wins' }],
    },
    merge: {
      type: 'merge',
      toCrm: { name: 'ERP name', phone: 'erp phone' },
      toErp: { email: 'crm@contoso.example' },
    },
  };
  const withRules = mapping().fields.map((f) =>
    f.name === 'name' ? { ...f, mergeRule: 'erp-wins' as const } : f,
  );
  it.each(Object.entries(expected) as [UpdateConflictPolicy, Partial<Decision>][])(
    'under %s a field changed on both sides is settled as the policy says, keeping one-sided changes',
    (policy, outcome) => {
      const d = decide(
        input({
          mapping: mapping({ updateConflictPolicy: policy, fields: withRules }),
          ...conflicting,
          erpModifiedAt: '2026-01-01T10:00:00Z',
          crmModifiedAt: '2026-01-01T11:00:00Z',
        }),
      );
      expect(d).toMatchObject(outcome);
    },
  );

  it('newest-wins without both stamps raises the conflict instead of guessing', () => {
    const d = decide(
      input({ mapping: mapping({ updateConflictPolicy: 'newest-wins' }), ...conflicting }),
    );
    expect(d.type).toBe('conflict');
  });

  it('field-level merge raises only the fields whose rule is raise-error', () => {
    const d = decide(
      input({
        mapping: mapping({ updateConflictPolicy: 'merge' }),
        erp: { ...base, name: 'ERP name' },
        crm: { ...base, name: 'CRM name' },
      }),
    );
    expect(d).toMatchObject({ type: 'conflict', fields: [{ field: 'name' }] });
  });
});

describe('decide: deletions', () => {
  const expected: Record<DeletionPolicy, DeletionPolicy> = {
    'raise-error': 'raise-error',
    restore: 'restore',
    'delete-survivor': 'delete-survivor',
    'remove-coupling': 'remove-coupling',
  };
  it.each(Object.entries(expected) as [DeletionPolicy, DeletionPolicy][])(
    'a record deleted in the ERP under %s is resolved by that policy',
    (policy, resolution) => {
      expect(decide(input({ mapping: mapping({ deletionPolicy: policy }), erp: null }))).toEqual({
        type: 'deleted',
        deletedIn: 'erp',
        resolution,
      });
    },
  );

  it('restore falls back to raising an error when the run may not write to the deleted side', () => {
    const d = decide(
      input({
        mapping: mapping({ deletionPolicy: 'restore' }),
        crm: null,
        allowed: { toErp: true, toCrm: false },
      }),
    );
    expect(d).toEqual({ type: 'deleted', deletedIn: 'crm', resolution: 'raise-error' });
  });

  it('a pair deleted on both sides only loses its coupling', () => {
    expect(decide(input({ erp: null, crm: null }))).toMatchObject({
      type: 'deleted',
      deletedIn: 'both',
      resolution: 'remove-coupling',
    });
  });
});

describe('decide: directions', () => {
  it('a one-way ERP→CRM mapping ignores CRM edits and never creates ERP records', () => {
    const oneWay = mapping({ direction: 'erp-to-crm' });
    expect(decide(input({ mapping: oneWay, crm: { ...base, name: 'CRM' } })).type).toBe(
      'unchanged',
    );
    expect(decide(input({ mapping: oneWay, base: null, erp: null }))).toMatchObject({
      type: 'skip',
      reason: 'direction',
    });
  });

  it('in a one-way mapping the source wins a field edited on both sides', () => {
    const d = decide(
      input({
        mapping: mapping({ direction: 'erp-to-crm' }),
        erp: { ...base, name: 'ERP' },
        crm: { ...base, name: 'CRM' },
      }),
    );
    expect(d).toMatchObject({ type: 'update', target: 'crm', values: { name: 'ERP' } });
  });

  it('a run limited to ERP→CRM writes the CRM and keeps the CRM change pending in the base', () => {
    const d = decide(
      input({
        erp: { ...base, name: 'ERP' },
        crm: { ...base, phone: 'CRM' },
        allowed: { toErp: false, toCrm: true },
      }),
    );
    expect(d).toEqual({
      type: 'update',
      target: 'crm',
      values: { name: 'ERP' },
      base: { ...base, name: 'ERP' },
      resolved: [],
      deferred: ['phone'],
    });
  });

  it('a sync-only-coupled mapping creates nothing for an uncoupled record', () => {
    expect(
      decide(input({ mapping: mapping({ syncOnlyCoupled: true }), base: null, crm: null })),
    ).toMatchObject({ type: 'skip', reason: 'sync-only-coupled' });
  });
});

describe('decide: uncoupled records', () => {
  it('match fields are tried by priority and an ambiguous match is a problem to fix by hand', () => {
    const byEmailThenNumber = mapping({ matchFields: ['email', 'number'] });
    const d = decide(
      input({
        mapping: byEmailThenNumber,
        base: null,
        crm: null,
        candidates: [{ id: 'n', values: { number: 'C1' } }],
      }),
    );
    expect(d).toMatchObject({ type: 'match', candidateId: 'n', field: 'number', priority: 1 });
    const twice = decide(
      input({
        base: null,
        crm: null,
        candidates: [
          { id: 'a', values: { number: 'C1' } },
          { id: 'b', values: { number: 'C1' } },
        ],
      }),
    );
    expect(twice).toMatchObject({ type: 'invalid', side: 'crm', problems: [{ field: 'number' }] });
  });

  it('a record without the required name cannot be created in the other app', () => {
    expect(decide(input({ base: null, crm: null, erp: { ...base, name: null } }))).toEqual({
      type: 'invalid',
      side: 'crm',
      problems: [{ field: 'name', message: 'name is required' }],
    });
  });

  it('nothing to do when neither record exists', () => {
    expect(decide(input({ base: null, erp: null, crm: null }))).toMatchObject({
      type: 'skip',
      reason: 'nothing-to-sync',
    });
  });
});
