/** A canonical field value: what sync-core compares, hashes and stores in base snapshots. */
export type FieldValue = string | number | boolean | null;
/** A record's mapped values in canonical form, keyed by canonical field name (same on both sides). */
export type FieldValues = Readonly<Record<string, FieldValue>>;

/** The two apps. */
export type Side = 'erp' | 'crm';

export const sides: readonly Side[] = ['erp', 'crm'];

export function otherSide(side: Side): Side {
  return side === 'erp' ? 'crm' : 'erp';
}

/** Canonical equality: identical values, NaN equal to NaN, a missing value equal to null. */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  return (
    x === y ||
    (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y))
  );
}

/** The value of `field`, or `undefined` when the record does not carry it (unknown). */
export function valueOf(values: FieldValues, field: string): FieldValue | undefined {
  return Object.hasOwn(values, field) ? values[field] : undefined;
}
