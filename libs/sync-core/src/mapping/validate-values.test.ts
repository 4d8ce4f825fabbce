import { describe, expect, it } from 'vitest';
import { fieldFlowsTo } from './flow';
import { contactsToContacts, customersToAccounts, rawFieldsOf } from './standard-mappings';
import type { FieldMapping } from './types';
import { validateValues, valueProblems } from './validate-values';

const field = (
  rules: FieldMapping['rules'],
  type: FieldMapping['type'] = 'text',
): FieldMapping => ({
  name: 'f',
  type,
  direction: 'bidirectional',
  erp: { field: 'f' },
  crm: { field: 'f' },
  ...(rules ? { rules } : {}),
});

describe('field rules', () => {
  it.each([
    [[{ kind: 'required' }], null, ['is required']],
    [[{ kind: 'required' }], 'x', []],
    [[{ kind: 'maxLength', max: 3 }], 'abcd', ['is longer than 3 characters']],
    [[{ kind: 'min', min: 0 }], -1, ['is below 0']],
    [[{ kind: 'max', max: 10 }], 11, ['is above 10']],
    [[{ kind: 'pattern', pattern: /^\d+$/, message: 'must be digits' }], '12a', ['must be digits']],
    [[{ kind: 'oneOf', values: ['A', 'B'] }], 'C', ['must be one of "A", "B"']],
    [[{ kind: 'oneOf', values: ['A', 'B'] }], null, []],
  ] as const)('rules %j on %j give %j', (rules, value, expected) => {
    expect(valueProblems(field(rules), 'erp', value)).toEqual(expected);
  });

  it('a rule for one side only is not checked for the other side', () => {
    const f = field([{ kind: 'maxLength', max: 3, side: 'erp' }]);
    expect(valueProblems(f, 'erp', 'abcd')).toHaveLength(1);
    expect(valueProblems(f, 'crm', 'abcd')).toHaveLength(0);
  });

  it('email and web address fields check their format', () => {
    expect(valueProblems(field(undefined, 'email'), 'crm', 'nope')).toEqual([
      'is not an email address',
    ]);
    expect(valueProblems(field(undefined, 'url'), 'crm', 'not a url')).toEqual([
      'is not a web address',
    ]);
    expect(valueProblems(field(undefined, 'url'), 'crm', 'www.contoso.example')).toEqual([]);
  });

  it('values for a side are checked only on fields that flow there, and unknown names are ignored', () => {
    expect(
      validateValues(contactsToContacts, 'erp', { companyNumber: 'X'.repeat(99), nope: 1 }),
    ).toEqual([]);
    expect(validateValues(contactsToContacts, 'crm', { companyNumber: 'X'.repeat(21) })).toEqual(
      [],
    );
    expect(validateValues(customersToAccounts, 'erp', { creditLimit: -5 })).toEqual([
      { field: 'creditLimit', message: 'creditLimit is below 0' },
    ]);
  });

  it('knows which fields flow where and which raw fields a mapping touches', () => {
    expect(fieldFlowsTo(contactsToContacts, 'companyNumber', 'crm')).toBe(true);
    expect(fieldFlowsTo(contactsToContacts, 'companyNumber', 'erp')).toBe(false);
    expect(fieldFlowsTo(contactsToContacts, 'nope', 'erp')).toBe(false);
    expect(rawFieldsOf(customersToAccounts, 'crm')).toContain('accountnumber');
    expect(rawFieldsOf(contactsToContacts, 'crm')).toContain('parentcustomerid_account');
  });
});
