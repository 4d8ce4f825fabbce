import type { FieldValues } from '../values/field-value';
import type { Decision } from './decision';

/** Both sides and the base after a decision's writes succeeded (canonical values only). */
export interface PairState {
  erp: FieldValues | null;
  crm: FieldValues | null;
  base: FieldValues | null;
}

/**
 * The pair as it stands once the writes of an update, merge, create or unchanged decision have
 * been applied; other decisions change nothing. Used to preview a decision and in property tests.
 */
export function applyDecision(decision: Decision, pair: PairState): PairState {
  switch (decision.type) {
    case 'unchanged':
      return { ...pair, base: decision.base };
    case 'update':
      return decision.target === 'erp'
        ? { erp: { ...pair.erp, ...decision.values }, crm: pair.crm, base: decision.base }
        : { erp: pair.erp, crm: { ...pair.crm, ...decision.values }, base: decision.base };
    case 'merge':
      return {
        erp: { ...pair.erp, ...decision.toErp },
        crm: { ...pair.crm, ...decision.toCrm },
        base: decision.base,
      };
    case 'create':
      return decision.target === 'erp'
        ? { erp: { ...decision.values }, crm: pair.crm, base: decision.values }
        : { erp: pair.erp, crm: { ...decision.values }, base: decision.values };
    case 'conflict':
    case 'match':
    case 'deleted':
    case 'invalid':
    case 'skip':
      return pair;
  }
}
