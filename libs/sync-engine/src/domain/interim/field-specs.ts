import type { Side } from '../../ports';
import type { Canonical, FieldValue } from '../model';

/** How one canonical field is read from and written to each app. */
export interface FieldSpec {
  name: string;
  erp: string;
  crm: string;
  kind: 'text' | 'code' | 'number' | 'active-enum' | 'active-bool';
  /** Written on create only (the other app owns it afterwards). */
  createOnly?: boolean;
}

function text(value: unknown): FieldValue {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Reads one field of a raw record into its canonical value. */
export function readField(spec: FieldSpec, side: Side, raw: Readonly<Record<string, unknown>>) {
  const value = raw[side === 'erp' ? spec.erp : spec.crm];
  switch (spec.kind) {
    case 'text':
      return text(value);
    case 'code': {
      const t = text(value);
      return typeof t === 'string' ? t.toUpperCase() : t;
    }
    case 'number':
      return typeof value === 'number' ? value : 0;
    case 'active-enum':
    case 'active-bool':
      if (side === 'crm') return value === 0 || value === null || value === undefined;
      return spec.kind === 'active-enum' ? value === ' ' || value === '' || !value : value !== true;
  }
}

/** Writes one canonical value in the app's raw form. */
export function writeField(spec: FieldSpec, side: Side, value: FieldValue): unknown {
  switch (spec.kind) {
    case 'text':
    case 'code':
      return side === 'erp' ? (value ?? '') : value;
    case 'number':
      return typeof value === 'number' ? value : 0;
    case 'active-enum':
    case 'active-bool':
      if (side === 'crm') return value === false ? 1 : 0;
      if (spec.kind === 'active-bool') return value === false;
      return value === false ? 'All' : ' ';
  }
}

export function project(
  specs: readonly FieldSpec[],
  side: Side,
  raw: Readonly<Record<string, unknown>>,
) {
  const out: Record<string, FieldValue> = {};
  for (const spec of specs) out[spec.name] = readField(spec, side, raw);
  return out as Canonical;
}
