/** A flat record of mapped field values, as sync-core sees one side of a coupled pair. */
export type FieldValue = string | number | boolean | null;
export type FieldValues = Readonly<Record<string, FieldValue>>;

/**
 * The fields whose value in `current` differs from `base`.
 * Only the given field names are compared, so edits to unmapped fields never count as changes.
 */
export function changedFields(
  fields: readonly string[],
  base: FieldValues,
  current: FieldValues,
): string[] {
  return fields.filter((field) => !sameValue(base[field] ?? null, current[field] ?? null));
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  return (
    a === b ||
    (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b))
  );
}
