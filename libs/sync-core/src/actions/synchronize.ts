import { compile } from '../mapping/flow';
import type { TableMapping } from '../mapping/types';
import { sameValue, type FieldValue, type FieldValues } from '../values/field-value';
import type { FieldPreview, SynchronizeChoice } from './types';

const pick = (values: FieldValues, field: string, fallback: FieldValue): FieldValue => {
  const v = values[field];
  return v === undefined ? fallback : v;
};

/**
 * Side by side: base, both values and what both records hold after Synchronize. The winner's
 * value for every field, or per field the chosen side's; a field not chosen keeps the value of
 * the side that changed it (the base when neither did; a conflict when both did).
 */
export function previewSynchronize(
  mapping: TableMapping,
  base: FieldValues | null,
  erp: FieldValues,
  crm: FieldValues,
  choice: SynchronizeChoice,
): FieldPreview[] {
  return compile(mapping).names.map((field) => {
    const b = base?.[field] ?? null;
    const e = pick(erp, field, b);
    const c = pick(crm, field, b);
    const erpChanged = !sameValue(e, b);
    const crmChanged = !sameValue(c, b);
    const conflict = erpChanged && crmChanged && !sameValue(e, c);
    let result: FieldValue;
    if ('winner' in choice) result = choice.winner === 'erp' ? e : c;
    else {
      const chosen = choice.fields[field];
      if (chosen) result = chosen === 'erp' ? e : c;
      else if (sameValue(e, c) || (erpChanged && !crmChanged)) result = e;
      else if (crmChanged && !erpChanged) result = c;
      else result = b;
    }
    return {
      field,
      base: b,
      erp: e,
      crm: c,
      result,
      erpChanges: !sameValue(e, result),
      crmChanges: !sameValue(c, result),
      conflict,
    };
  });
}
