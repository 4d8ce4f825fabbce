import type { FieldComparison } from '../outputs/errors';
import { asRecord } from './row-values';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * ERP / base / CRM values side by side for every field that appears on any side, in the order
 * the fields first appear (base first, so the mapping's order is kept).
 */
export function compareFields(base: unknown, erp: unknown, crm: unknown): FieldComparison[] {
  const b = asRecord(base);
  const e = asRecord(erp);
  const c = asRecord(crm);
  const names = [...new Set([...Object.keys(b), ...Object.keys(e), ...Object.keys(c)])];
  return names.map((field) => ({
    field,
    base: b[field] ?? null,
    erp: e[field] ?? null,
    crm: c[field] ?? null,
    erpChanged: field in e && !same(e[field], b[field]),
    crmChanged: field in c && !same(c[field], b[field]),
    differs: !same(e[field], c[field]),
  }));
}
