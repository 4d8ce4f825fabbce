import type { Side } from '../values/field-value';
import type { Direction, FieldMapping, FieldMergeRule, TableMapping } from './types';

/** Whether values may flow toward `target` under `direction`. */
export function allowsTo(direction: Direction, target: Side): boolean {
  return (
    direction === 'bidirectional' || direction === (target === 'crm' ? 'erp-to-crm' : 'crm-to-erp')
  );
}

/** A field's direction capped by its table's: null when they point opposite ways. */
export function effectiveDirection(table: Direction, field: Direction): Direction | null {
  if (table === 'bidirectional') return field;
  if (field === 'bidirectional' || field === table) return table;
  return null;
}

/** What decide needs of a mapping, computed once per mapping object. */
export interface CompiledMapping {
  names: readonly string[];
  /** Per field: may the field flow to the CRM / to the ERP (direction and binding). */
  toCrm: readonly boolean[];
  toErp: readonly boolean[];
  /** Per field: only written on create. */
  createOnly: readonly boolean[];
  mergeRules: readonly FieldMergeRule[];
  byName: ReadonlyMap<string, FieldMapping>;
  indexOf: ReadonlyMap<string, number>;
}

const cache = new WeakMap<TableMapping, CompiledMapping>();

export function compile(mapping: TableMapping): CompiledMapping {
  const cached = cache.get(mapping);
  if (cached) return cached;
  const flows = (f: FieldMapping, target: Side) => {
    const d = effectiveDirection(mapping.direction, f.direction);
    return d !== null && allowsTo(d, target) && (target === 'erp' ? f.erp : f.crm) !== null;
  };
  const compiled: CompiledMapping = {
    names: mapping.fields.map((f) => f.name),
    toCrm: mapping.fields.map((f) => flows(f, 'crm')),
    toErp: mapping.fields.map((f) => flows(f, 'erp')),
    createOnly: mapping.fields.map((f) => f.createOnly === true),
    mergeRules: mapping.fields.map((f) => f.mergeRule ?? 'raise-error'),
    byName: new Map(mapping.fields.map((f) => [f.name, f])),
    indexOf: new Map(mapping.fields.map((f, i) => [f.name, i])),
  };
  cache.set(mapping, compiled);
  return compiled;
}

/** Whether `field` may be written to `target` (unknown fields never). */
export function fieldFlowsTo(mapping: TableMapping, field: string, target: Side): boolean {
  const c = compile(mapping);
  const i = c.names.indexOf(field);
  return i >= 0 && ((target === 'erp' ? c.toErp[i] : c.toCrm[i]) ?? false);
}
