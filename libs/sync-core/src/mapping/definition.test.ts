import { describe, expect, it } from 'vitest';
import { defineMapping, MappingDefinitionError, mappingProblems } from './definition';
import { customersToAccounts, standardMappings } from './standard-mappings';
import type { TableMapping } from './types';

function broken(patch: Record<string, unknown>): TableMapping {
  const def: unknown = { ...customersToAccounts, ...patch };
  return def as TableMapping;
}

function messageOf(def: TableMapping): string {
  try {
    defineMapping(def);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingDefinitionError);
    return (error as Error).message;
  }
  throw new Error('the definition was accepted');
}

describe('mapping definitions', () => {
  it('the three standard mappings are sound', () => {
    for (const mapping of standardMappings) expect(mappingProblems(mapping)).toEqual([]);
  });

  it.each([
    [{ direction: 'sideways' }, 'direction must be one of'],
    [{ updateConflictPolicy: 'coin-toss' }, 'updateConflictPolicy must be one of'],
    [{ deletionPolicy: undefined }, 'deletionPolicy must be one of'],
    [{ erpEntity: '' }, 'erpEntity must be a non-empty string'],
    [{ fields: [] }, 'fields must be a non-empty list'],
    [{ matchFields: ['vatNumber'] }, "matchFields[0] names no mapped field ('vatNumber')"],
    [{ numberField: 'nope' }, "numberField names no mapped field ('nope')"],
    [{ syncOnlyCoupled: 'yes' }, 'syncOnlyCoupled must be true or false'],
    [
      { filters: { erp: [{ field: 'blocked', op: 'like', value: 'x' }], crm: [] } },
      'filters.erp[0].op',
    ],
    [
      { errorThresholds: { maxFailureRate: 2, minRecords: 1, maxOpenErrors: 1 } },
      'errorThresholds.maxFailureRate must be a number from 0 to 1',
    ],
  ])('a mapping with %j is rejected naming the field', (patch, message) => {
    expect(messageOf(broken(patch))).toContain(message);
  });

  it('a field with a bad type, a duplicate name or a bad rule is named in the message', () => {
    const [first, second] = customersToAccounts.fields;
    const message = messageOf(
      broken({
        fields: [
          { ...first, type: 'money' },
          { ...second, name: first!.name },
          { ...second, name: 'phone2', rules: [{ kind: 'maxLength', max: -1 }] },
          { ...second, name: 'fax', erp: null, crm: null },
        ],
      }),
    );
    expect(message).toContain('fields[0] (number).type must be one of');
    expect(message).toContain("fields[1] (number).name duplicates the field 'number'");
    expect(message).toContain('fields[2] (phone2).rules[0].max must be a whole number > 0');
    expect(message).toContain('fields[3] (fax) is bound to neither app');
  });

  it('a field pointing against the table direction is rejected', () => {
    const message = messageOf(
      broken({
        direction: 'erp-to-crm',
        fields: [{ ...customersToAccounts.fields[0]!, direction: 'crm-to-erp' }],
        matchFields: [],
        nameField: null,
      }),
    );
    expect(message).toContain('fields[0] (number).direction points against the table direction');
  });

  it('a definition that is not an object is rejected', () => {
    expect(mappingProblems(null)).toEqual([{ path: '(mapping)', message: 'must be an object' }]);
  });
});
