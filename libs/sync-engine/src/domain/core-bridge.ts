import {
  afterError as coreAfterError,
  decide as coreDecide,
  filtersToOData,
  passesFilters,
  rawFieldOf,
  standardMappings,
  toCanonical,
  toRaw,
  validateValues,
  type Decision as CoreDecision,
  type FieldMapping,
  type TableMapping,
} from '@twinsync/sync-core';
import type { Domain } from './domain';
import type { Decision, EngineMapping } from './model';

/**
 * The engine's Domain built from sync-core. Engine mappings are plain objects the engine may copy
 * with admins' settings (direction, policies) or other fields; `coreMappingOf` turns any of them
 * back into the sync-core mapping `decide` works on.
 */

/** The sync-core definition, kept on the engine mapping so copies (`{ ...m }`) carry it along. */
const definitionKey = Symbol('sync-core mapping');
type WithDefinition = EngineMapping & { [definitionKey]?: TableMapping };

const effective = new WeakMap<EngineMapping, TableMapping>();

/** A field the core definition does not know: plain text under its own name on both sides. */
function plainField(name: string): FieldMapping {
  return {
    name,
    type: 'text',
    direction: 'bidirectional',
    erp: { field: name },
    crm: { field: name },
  };
}

/** The sync-core mapping behind an engine mapping, with the engine mapping's settings applied. */
export function coreMappingOf(mapping: EngineMapping): TableMapping {
  const cached = effective.get(mapping);
  if (cached) return cached;
  const definition = (mapping as WithDefinition)[definitionKey];
  const byName = new Map(definition?.fields.map((f) => [f.name, f]) ?? []);
  const fields = mapping.fields.map((name) => byName.get(name) ?? plainField(name));
  const names = new Set(mapping.fields);
  const known = (field: string | null) => (field !== null && names.has(field) ? field : null);
  const core: TableMapping = {
    id: mapping.id,
    name: mapping.name,
    erpEntity: mapping.erpEntity,
    crmEntity: mapping.crmEntity,
    direction: mapping.direction,
    filters: definition?.filters ?? { erp: [], crm: [] },
    syncOnlyCoupled: !mapping.createNew,
    updateConflictPolicy: mapping.updateConflictPolicy,
    deletionPolicy: mapping.deletionPolicy,
    errorThresholds: definition?.errorThresholds ?? {
      maxFailureRate: 1,
      minRecords: 0,
      maxOpenErrors: 0,
    },
    matchFields: mapping.matchFields.filter((f) => names.has(f)),
    numberField: known(mapping.numberField),
    nameField: known(mapping.nameField),
    constants: definition?.constants ?? { erp: {}, crm: {} },
    fields,
  };
  effective.set(mapping, core);
  return core;
}

/** An engine mapping (with its conversions) for a sync-core mapping. */
export function toEngineMapping(core: TableMapping): EngineMapping {
  const mapping: WithDefinition = {
    [definitionKey]: core,
    id: core.id,
    name: core.name,
    erpEntity: core.erpEntity,
    crmEntity: core.crmEntity,
    direction: core.direction,
    updateConflictPolicy: core.updateConflictPolicy,
    deletionPolicy: core.deletionPolicy,
    createNew: !core.syncOnlyCoupled,
    matchFields: core.matchFields,
    fields: core.fields.map((f) => f.name),
    numberField: core.numberField,
    nameField: core.nameField,
    toCanonical: (side, raw) => toCanonical(core, side, raw),
    toRaw: (side, values, context) =>
      toRaw(core, side, values, {
        forCreate: context.forCreate,
        context: context.lookup ? { lookup: context.lookup } : {},
      }),
    rawField: (side, field) => rawFieldOf(core, side, field),
    validate: (side, values) => validateValues(core, side, values),
    accepts: (side, raw) => passesFilters(core.filters[side], raw),
    odataFilter: (side) => filtersToOData(core.filters[side]),
  };
  return mapping;
}

/** sync-core's decision in the engine's shape. */
export function toEngineDecision(decision: CoreDecision): Decision {
  switch (decision.type) {
    case 'unchanged':
      return decision;
    case 'update':
      return {
        type: 'update',
        target: decision.target,
        values: decision.values,
        base: decision.base,
        merged: decision.resolved.length > 0,
      };
    case 'merge':
      return { type: 'merge', toErp: decision.toErp, toCrm: decision.toCrm, base: decision.base };
    case 'conflict':
      return { type: 'conflict', fields: [...decision.fields] };
    case 'create':
      return decision;
    case 'match':
      // The engine couples matches itself before deciding (it never passes candidates).
      return { type: 'skip', reason: `Matches ${decision.candidateId} on ${decision.field}.` };
    case 'deleted':
      // Both gone: the engine finds no survivor and removes the coupling.
      return {
        type: 'deleted',
        deletedIn: decision.deletedIn === 'both' ? 'erp' : decision.deletedIn,
      };
    case 'invalid':
      return { type: 'invalid', side: decision.side, problems: [...decision.problems] };
    case 'skip':
      return { type: 'skip', reason: decision.message };
  }
}

/** The engine's Domain over the given sync-core mappings (the three standard ones by default). */
export function createCoreDomain(mappings: readonly TableMapping[] = standardMappings): Domain {
  return {
    mappings: mappings.map(toEngineMapping),
    decide(input) {
      return toEngineDecision(
        coreDecide({
          mapping: coreMappingOf(input.mapping),
          base: input.base,
          erp: input.erp,
          crm: input.crm,
          allowed: input.allowed,
          erpModifiedAt: input.erpModifiedAt,
          crmModifiedAt: input.crmModifiedAt,
        }),
      );
    },
    afterError: (previous, kind, transient) => coreAfterError(previous, { kind, transient }),
  };
}
