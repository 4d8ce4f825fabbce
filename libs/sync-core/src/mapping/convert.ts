import type { FieldValue, FieldValues, Side } from '../values/field-value';
import { compile } from './flow';
import { valueProblems } from './validate-values';
import type { ConversionContext, FieldMapping, FieldType, RawRecord, TableMapping } from './types';

/** Canonical form of a raw value for a field type; `undefined` stays unknown. */
export function canonicalize(type: FieldType, value: unknown): FieldValue | undefined {
  if (value === undefined) return undefined;
  switch (type) {
    case 'text':
    case 'email':
    case 'url': {
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      if (typeof value !== 'string') return null;
      const trimmed = value.trim();
      return trimmed === '' ? null : trimmed;
    }
    case 'code': {
      const text = canonicalize('text', value);
      return typeof text === 'string' ? text.toUpperCase() : null;
    }
    case 'decimal': {
      if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
      return 0;
    }
    case 'boolean':
      return value === true || value === 1 || value === 'true';
  }
}

/**
 * The canonical values of a raw record of one side. Unknown raw properties are ignored; a field
 * the side does not have, or whose transformation cannot tell, is left out (unknown, never a
 * change).
 */
export function toCanonical(
  mapping: TableMapping,
  side: Side,
  raw: RawRecord,
  context: ConversionContext = {},
): FieldValues {
  const out: Record<string, FieldValue> = {};
  for (const field of mapping.fields) {
    const binding = side === 'erp' ? field.erp : field.crm;
    if (!binding) continue;
    const rawValue = binding.transform
      ? binding.transform.read(raw, context)
      : Object.hasOwn(raw, binding.field)
        ? raw[binding.field]
        : null;
    const value = canonicalize(field.type, rawValue);
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}

/** The raw form of a canonical value for a side without a transformation. */
function plainRaw(field: FieldMapping, side: Side, value: FieldValue): unknown {
  switch (field.type) {
    case 'decimal':
      return typeof value === 'number' ? value : 0;
    case 'boolean':
      return value === true;
    case 'text':
    case 'code':
    case 'email':
    case 'url':
      // The ERP stores empty text as '' and refuses null; the CRM stores null.
      return side === 'erp' ? (value ?? '') : value;
  }
}

export interface ToRawOptions {
  /** A create body: constants are added and create-only fields are written. */
  forCreate: boolean;
  context?: ConversionContext;
}

/**
 * Raw properties (an update patch or a create body) for canonical values written to `side`.
 * Fields that may not flow to that side, unknown names and create-only fields on update are left
 * out; a clear-on-failure value failing its rules is written empty.
 */
export function toRaw(
  mapping: TableMapping,
  side: Side,
  values: FieldValues,
  options: ToRawOptions,
): Record<string, unknown> {
  const compiled = compile(mapping);
  const context = options.context ?? {};
  const out: Record<string, unknown> = options.forCreate ? { ...mapping.constants[side] } : {};
  const flows = side === 'erp' ? compiled.toErp : compiled.toCrm;
  mapping.fields.forEach((field, i) => {
    if (!Object.hasOwn(values, field.name) || !flows[i]) return;
    if (compiled.createOnly[i] && !options.forCreate) return;
    const binding = side === 'erp' ? field.erp : field.crm;
    if (!binding) return;
    let value = values[field.name] ?? null;
    if (field.clearOnFailure && valueProblems(field, side, value).length > 0) value = null;
    if (binding.transform) Object.assign(out, binding.transform.write(value, context));
    else out[binding.field] = plainRaw(field, side, value);
  });
  return out;
}

/** The raw property of a canonical field on one side (for match queries), or null. */
export function rawFieldOf(mapping: TableMapping, side: Side, field: string): string | null {
  const f = compile(mapping).byName.get(field);
  const binding = f ? (side === 'erp' ? f.erp : f.crm) : null;
  return binding?.field ?? null;
}
