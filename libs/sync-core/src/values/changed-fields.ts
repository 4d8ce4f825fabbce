import { sameValue, type FieldValues } from './field-value';

export type { FieldValue, FieldValues } from './field-value';

/**
 * The fields whose value in `current` differs from `base`.
 * Only the given field names are compared, so edits to unmapped fields never count as changes.
 */
export function changedFields(
  fields: readonly string[],
  base: FieldValues,
  current: FieldValues,
): string[] {
  return fields.filter((field) => !sameValue(base[field], current[field]));
}
