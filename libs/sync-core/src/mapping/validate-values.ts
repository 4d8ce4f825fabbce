import type { FieldValue, FieldValues, Side } from '../values/field-value';
import { compile } from './flow';
import type { FieldMapping, ValidationRule } from './types';
import type { TableMapping } from './types';

/** One field whose value cannot be written. */
export interface FieldProblem {
  field: string;
  message: string;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const urlPattern = /^(https?:\/\/)?[^\s/$.?#][^\s]*\.[^\s]+$/i;

function ruleProblem(rule: ValidationRule, value: FieldValue): string | null {
  switch (rule.kind) {
    case 'required':
      return value === null || value === '' ? 'is required' : null;
    case 'maxLength':
      return typeof value === 'string' && value.length > rule.max
        ? `is longer than ${rule.max} characters`
        : null;
    case 'min':
      return typeof value === 'number' && value < rule.min ? `is below ${rule.min}` : null;
    case 'max':
      return typeof value === 'number' && value > rule.max ? `is above ${rule.max}` : null;
    case 'pattern':
      return typeof value === 'string' && !rule.pattern.test(value) ? rule.message : null;
    case 'oneOf':
      return value !== null && !rule.values.includes(value)
        ? `must be one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`
        : null;
  }
}

/** Messages for a value about to be written to `side` (type formats, then the field's rules). */
export function valueProblems(field: FieldMapping, side: Side, value: FieldValue): string[] {
  const out: string[] = [];
  if (typeof value === 'string' && field.type === 'email' && !emailPattern.test(value))
    out.push('is not an email address');
  if (typeof value === 'string' && field.type === 'url' && !urlPattern.test(value))
    out.push('is not a web address');
  for (const rule of field.rules ?? []) {
    if (rule.side !== undefined && rule.side !== side) continue;
    const problem = ruleProblem(rule, value);
    if (problem) out.push(problem);
  }
  return out;
}

/**
 * Per-field problems of canonical values about to be written to `side`. Only fields that flow
 * to that side count; clear-on-failure fields never fail (they are written empty).
 */
export function validateValues(
  mapping: TableMapping,
  side: Side,
  values: FieldValues,
): FieldProblem[] {
  const compiled = compile(mapping);
  const flows = side === 'erp' ? compiled.toErp : compiled.toCrm;
  let problems: FieldProblem[] | null = null;
  for (const name in values) {
    const i = compiled.indexOf.get(name);
    if (i === undefined || !flows[i]) continue;
    const field = mapping.fields[i]!;
    if (
      field.clearOnFailure ||
      (field.rules === undefined && field.type !== 'email' && field.type !== 'url')
    )
      continue;
    for (const message of valueProblems(field, side, values[name] ?? null))
      (problems ??= []).push({ field: name, message: `${name} ${message}` });
  }
  return problems ?? [];
}
