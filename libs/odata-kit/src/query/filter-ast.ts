/** `$filter` as a small typed tree, independent of the parser package that produced it. */
export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunction = 'contains' | 'startswith' | 'endswith';

/** A literal converted to the stored form of the property it is compared with. */
export type FilterValue = string | number | null;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: ComparisonOperator; property: string; value: FilterValue; text: boolean }
  | { kind: 'function'; fn: StringFunction; property: string; value: string }
  /** A Boolean property standing alone (`$filter=isactive`). */
  | { kind: 'property'; property: string };
