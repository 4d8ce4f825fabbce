import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineMapping } from '../mapping/definition';
import type { FieldMapping, TableMapping, UpdateConflictPolicy } from '../mapping/types';
import { updateConflictPolicies } from '../mapping/types';
import { sameValue, type FieldValue, type FieldValues } from '../values/field-value';
import { applyDecision } from './apply';
import { decide } from './decide';

const names = ['a', 'b', 'c', 'd', 'e', 'f'];

function mappingWith(policy: UpdateConflictPolicy, oneWay: boolean): TableMapping {
  const fields: FieldMapping[] = names.map((name, i) => ({
    name,
    type: 'text',
    // With oneWay, field b flows only to the CRM and field c only to the ERP.
    direction:
      oneWay && name === 'b'
        ? 'erp-to-crm'
        : oneWay && name === 'c'
          ? 'crm-to-erp'
          : 'bidirectional',
    erp: { field: `erp_${name}` },
    crm: { field: `crm_${name}` },
    mergeRule: (['erp-wins', 'crm-wins', 'raise-error', 'newest-wins'] as const)[i % 4]!,
  }));
  return defineMapping({
    id: 'p',
    name: 'property',
    erpEntity: 'x',
    crmEntity: 'y',
    direction: 'bidirectional',
    filters: { erp: [], crm: [] },
    syncOnlyCoupled: false,
    updateConflictPolicy: policy,
    deletionPolicy: 'raise-error',
    errorThresholds: { maxFailureRate: 1, minRecords: 0, maxOpenErrors: 0 },
    matchFields: [],
    numberField: null,
    nameField: null,
    constants: { erp: {}, crm: {} },
    fields,
  });
}
const mappings = Object.fromEntries(
  updateConflictPolicies.map((p) => [p, mappingWith(p, false)]),
) as Record<UpdateConflictPolicy, TableMapping>;
const oneWayMappings = Object.fromEntries(
  updateConflictPolicies.map((p) => [p, mappingWith(p, true)]),
) as Record<UpdateConflictPolicy, TableMapping>;

const value: fc.Arbitrary<FieldValue> = fc.constantFrom(null, 'x', 'y', 'z', 1, 2, true, false);
const record = fc.record(Object.fromEntries(names.map((n) => [n, value]))) as fc.Arbitrary<
  Record<string, FieldValue>
>;
/** A side derived from the base: each field kept or changed. */
const edited = (base: FieldValues) =>
  fc
    .array(fc.option(value, { nil: undefined }), {
      minLength: names.length,
      maxLength: names.length,
    })
    .map((edits) => {
      const out: Record<string, FieldValue> = { ...base };
      names.forEach((n, i) => {
        const v = edits[i];
        if (v !== undefined) out[n] = v;
      });
      return out;
    });

const scenario = fc
  .record({
    base: record,
    policy: fc.constantFrom(...updateConflictPolicies),
    erpAt: fc.option(fc.constantFrom('2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'), {
      nil: null,
    }),
    crmAt: fc.option(fc.constantFrom('2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'), {
      nil: null,
    }),
    oneWay: fc.boolean(),
    allowed: fc.constantFrom<{ toErp: boolean; toCrm: boolean }>(
      { toErp: true, toCrm: true },
      { toErp: true, toCrm: false },
      { toErp: false, toCrm: true },
    ),
  })
  .chain((s) =>
    fc.record({ erp: edited(s.base), crm: edited(s.base) }).map((p) => ({ ...s, ...p })),
  );

/** Bidirectional fields, a run in both directions. */
const twoWay = scenario.map((s) => ({
  ...s,
  oneWay: false,
  allowed: { toErp: true, toCrm: true },
}));

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
const run = (s: Scenario) => {
  const input = {
    mapping: (s.oneWay ? oneWayMappings : mappings)[s.policy],
    allowed: s.allowed,
    base: s.base,
    erp: s.erp,
    crm: s.crm,
    erpModifiedAt: s.erpAt,
    crmModifiedAt: s.crmAt,
  };
  const decision = decide(input);
  const after = applyDecision(decision, { base: s.base, erp: s.erp, crm: s.crm });
  return { input, decision, after };
};

describe('decide: properties', () => {
  it('after a merge or update both sides hold the same mapped values, equal to the new base', () => {
    fc.assert(
      fc.property(twoWay, (s) => {
        const { decision, after } = run(s);
        fc.pre(['merge', 'update', 'unchanged'].includes(decision.type));
        for (const n of names) {
          expect(sameValue(after.erp?.[n], after.crm?.[n])).toBe(true);
          expect(sameValue(after.base?.[n], after.erp?.[n])).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('no decision loses a value changed on only one side', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { after } = run(s);
        for (const n of names) {
          const b = s.base[n] ?? null;
          const e = s.erp[n] ?? null;
          const c = s.crm[n] ?? null;
          const onlyErp = !sameValue(e, b) && sameValue(c, b);
          const onlyCrm = !sameValue(c, b) && sameValue(e, b);
          if (!onlyErp && !onlyCrm) continue;
          const changed = onlyErp ? e : c;
          // Either it reached the other side, or nothing was written and it is still pending.
          const reached = sameValue(after.erp?.[n], changed) && sameValue(after.crm?.[n], changed);
          const pending =
            sameValue((onlyErp ? after.erp : after.crm)?.[n], changed) &&
            sameValue(after.base?.[n], b);
          expect(reached || pending).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('deciding again on the result of a decision yields unchanged', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { input, decision, after } = run(s);
        fc.pre(['merge', 'update', 'unchanged'].includes(decision.type));
        fc.pre(decision.type !== 'update' || decision.deferred.length === 0);
        const again = decide({ ...input, base: after.base, erp: after.erp, crm: after.crm });
        expect(again).toEqual({ type: 'unchanged', base: after.base });
      }),
      { numRuns: 2000 },
    );
  });

  it('a conflict lists exactly the fields changed on both sides to different values', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        fc.pre(s.policy === 'raise-error' && !s.oneWay);
        const { decision } = run(s);
        const expected = names.filter((n) => {
          const [b, e, c] = [s.base[n] ?? null, s.erp[n] ?? null, s.crm[n] ?? null];
          return !sameValue(e, b) && !sameValue(c, b) && !sameValue(e, c);
        });
        if (expected.length === 0) expect(decision.type).not.toBe('conflict');
        else
          expect(decision.type === 'conflict' ? decision.fields.map((f) => f.field) : []).toEqual(
            expected,
          );
      }),
      { numRuns: 1000 },
    );
  });

  it('unknown fields in either record never change the decision', () => {
    fc.assert(
      fc.property(scenario, fc.dictionary(fc.string(), value), (s, junk) => {
        const clean = run(s).decision;
        const noisy = decide({
          ...run(s).input,
          erp: { ...junk, ...s.erp },
          crm: {
            ...s.crm,
            ...Object.fromEntries(
              Object.keys(junk)
                .filter((k) => !names.includes(k))
                .map((k) => [k, 'noise']),
            ),
          },
        });
        if (clean.type === 'unchanged' || clean.type === 'update' || clean.type === 'merge')
          expect(noisy.type).toBe(clean.type);
        else expect(noisy).toEqual(clean);
      }),
      { numRuns: 500 },
    );
  });
});
