import type { Canonical, FieldValue } from '../domain/model';
import type { SynchronizeChoice } from './types';

/**
 * The values both records hold after Synchronize: the winner's value for every field, or per
 * field the chosen side's value. A field not chosen keeps the value of the side that changed it
 * (the base when both or neither did).
 */
export function synchronizedValues(
  fields: readonly string[],
  base: Canonical | null,
  erp: Canonical,
  crm: Canonical,
  choice: SynchronizeChoice,
): Canonical {
  const out: Record<string, FieldValue> = {};
  for (const field of fields) {
    const e = erp[field] ?? null;
    const c = crm[field] ?? null;
    if ('winner' in choice) {
      out[field] = choice.winner === 'erp' ? e : c;
      continue;
    }
    const chosen = choice.fields[field];
    if (chosen) {
      out[field] = chosen === 'erp' ? e : c;
      continue;
    }
    const b = base?.[field] ?? null;
    if (e === c) out[field] = e;
    else if (e !== b && c === b) out[field] = e;
    else if (c !== b && e === b) out[field] = c;
    else out[field] = b;
  }
  return out;
}

/** The fields of `current` that differ from `target`, with the target's values. */
export function differences(
  fields: readonly string[],
  current: Canonical,
  target: Canonical,
): Canonical {
  const out: Record<string, FieldValue> = {};
  for (const f of fields)
    if ((current[f] ?? null) !== (target[f] ?? null)) out[f] = target[f] ?? null;
  return out;
}
