import type { FieldComparison, SynchronizeChoice } from '../api/types';
import { appNames } from './action-kinds';

export type Side = 'erp' | 'crm';
/** The admin's pick per field; fields where both apps agree need none. */
export type Picks = Record<string, Side | null>;

/** Fields where the apps disagree start with the side that changed; both changed → no default. */
export function initialPicks(fields: readonly FieldComparison[]): Picks {
  const picks: Picks = {};
  for (const f of fields) {
    if (!f.differs) continue;
    if (f.erpChanged && !f.crmChanged) picks[f.field] = 'erp';
    else if (f.crmChanged && !f.erpChanged) picks[f.field] = 'crm';
    else picks[f.field] = null;
  }
  return picks;
}

export function pickAll(fields: readonly FieldComparison[], side: Side): Picks {
  return Object.fromEntries(fields.filter((f) => f.differs).map((f) => [f.field, side]));
}

/** Fields still waiting for a choice. */
export function undecided(picks: Picks): string[] {
  return Object.entries(picks)
    .filter(([, side]) => side === null)
    .map(([field]) => field);
}

/** One winner when every pick agrees, else a per-field choice; null while a field is undecided. */
export function toChoice(picks: Picks): SynchronizeChoice | null {
  const entries = Object.entries(picks);
  if (entries.length === 0 || undecided(picks).length > 0) return null;
  const sides = new Set(entries.map(([, s]) => s));
  if (sides.size === 1) return { winner: entries[0]![1]! };
  return { fields: Object.fromEntries(entries) as Record<string, Side> };
}

/** "The CRM gets name, city from the ERP; the ERP gets telephone from the CRM." */
export function describeChoice(picks: Picks): string {
  const fromErp = Object.keys(picks).filter((f) => picks[f] === 'erp');
  const fromCrm = Object.keys(picks).filter((f) => picks[f] === 'crm');
  const parts: string[] = [];
  if (fromErp.length) parts.push(`${appNames.crm} gets ${fromErp.join(', ')} from ${appNames.erp}`);
  if (fromCrm.length) parts.push(`${appNames.erp} gets ${fromCrm.join(', ')} from ${appNames.crm}`);
  if (parts.length === 0) return 'Nothing differs; both apps stay as they are.';
  const text = parts.join('; ');
  return `${text[0]?.toUpperCase()}${text.slice(1)}. Fields not listed stay as they are in both apps.`;
}
