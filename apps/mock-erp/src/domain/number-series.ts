import type { EntitySetSpec } from './entity-sets';

/** Formats the n-th number of a series: C00010, CT000010, 1000. */
export function formatNumber(spec: EntitySetSpec, value: number): string {
  const { prefix, digits } = spec.numberSeries;
  return `${prefix}${String(value).padStart(digits, '0')}`;
}

/** The value after `lastUsed` (or the series start when nothing has been used yet). */
export function nextValue(spec: EntitySetSpec, lastUsed: number | undefined): number {
  const { start, step } = spec.numberSeries;
  return lastUsed === undefined ? start : lastUsed + step;
}
