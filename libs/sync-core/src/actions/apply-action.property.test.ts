import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noErrors, type Coupling } from '../coupling/coupling';
import { decide } from '../decide/decide';
import { defineMapping } from '../mapping/definition';
import type { FieldMapping } from '../mapping/types';
import type { FieldValue, FieldValues } from '../values/field-value';
import { applyAction } from './apply-action';
import type { AppCommand, SynchronizeChoice } from './types';

const names = ['a', 'b', 'c', 'd', 'e'];
const mapping = defineMapping({
  id: 'p',
  name: 'property',
  erpEntity: 'x',
  crmEntity: 'y',
  direction: 'bidirectional',
  filters: { erp: [], crm: [] },
  syncOnlyCoupled: false,
  updateConflictPolicy: 'raise-error',
  deletionPolicy: 'raise-error',
  errorThresholds: { maxFailureRate: 1, minRecords: 0, maxOpenErrors: 0 },
  matchFields: [],
  numberField: null,
  nameField: null,
  constants: { erp: {}, crm: {} },
  fields: names.map((name): FieldMapping => ({
    name,
    type: 'text',
    direction: 'bidirectional',
    erp: { field: name },
    crm: { field: name },
  })),
});

const value: fc.Arbitrary<FieldValue> = fc.constantFrom(null, 'x', 'y', 'z');
const record = fc.record(Object.fromEntries(names.map((n) => [n, value]))) as fc.Arbitrary<
  Record<string, FieldValue>
>;
const side = fc.constantFrom('erp' as const, 'crm' as const);
const choice: fc.Arbitrary<SynchronizeChoice> = fc.oneof(
  side.map((winner) => ({ winner })),
  fc
    .array(side, { minLength: names.length, maxLength: names.length })
    .map((sides) => ({ fields: Object.fromEntries(names.map((n, i) => [n, sides[i]!])) })),
);

function coupling(base: FieldValues): Coupling {
  return {
    id: 'k',
    mappingId: 'p',
    erpId: 'e',
    crmId: 'c',
    state: 'conflict',
    base,
    baseHash: null,
    erpVersion: null,
    crmVersion: null,
    lastResult: { toCrm: null, toErp: null },
    errors: noErrors,
  };
}

function run(commands: readonly AppCommand[], erp: FieldValues, crm: FieldValues) {
  let e = erp;
  let c = crm;
  for (const cmd of commands) {
    if (cmd.type !== 'update') throw new Error(`unexpected ${cmd.type}`);
    if (cmd.side === 'erp') e = { ...e, ...cmd.values };
    else c = { ...c, ...cmd.values };
  }
  return { erp: e, crm: c };
}

describe('Synchronize: properties', () => {
  it('after Synchronize both records equal the new base and the next decision is unchanged', () => {
    fc.assert(
      fc.property(record, record, record, choice, (base, erp, crm, chosen) => {
        const result = applyAction(
          { mapping, coupling: coupling(base), erp, crm },
          { type: 'synchronize', choice: chosen },
          { jobId: 'j', at: '2026-12-01T00:00:00Z' },
        );
        if (!result.ok) throw new Error(result.error.message);
        const after = run(result.outcome.commands, erp, crm);
        const newBase = result.outcome.coupling?.base ?? null;
        expect(after.erp).toEqual(newBase);
        expect(after.crm).toEqual(newBase);
        expect(decide({ mapping, base: newBase, ...after }).type).toBe('unchanged');
      }),
      { numRuns: 1000 },
    );
  });

  it('Synchronize never writes a field to a record that already holds the value', () => {
    fc.assert(
      fc.property(record, record, record, choice, (base, erp, crm, chosen) => {
        const result = applyAction(
          { mapping, coupling: coupling(base), erp, crm },
          { type: 'synchronize', choice: chosen },
          { jobId: 'j', at: '2026-12-01T00:00:00Z' },
        );
        if (!result.ok) return;
        for (const cmd of result.outcome.commands) {
          const current = cmd.side === 'erp' ? erp : crm;
          if (cmd.type === 'update')
            for (const [f, v] of Object.entries(cmd.values)) expect(current[f]).not.toBe(v);
        }
      }),
      { numRuns: 500 },
    );
  });
});
