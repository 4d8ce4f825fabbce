import type { Mapping, MappingPatch as StoreMappingPatch } from '@twinsync/sync-store';
import { NotFoundError } from '../errors/domain-errors';
import type { MappingPatch } from '../inputs/mappings';
import type { MappingView } from '../outputs/mappings';
import type { MappingDefinition, SyncEngine } from '../ports';
import type { ApiStore } from '../store';
import { mappingVocabulary as words } from './vocabulary';

/** Where mappings are read from: the store's rows, and the engine's definitions (fields). */
export interface MappingSource {
  store: ApiStore;
  engine: Pick<SyncEngine, 'mappingDefinitions'>;
}

/** The engine's definitions by mapping id, or null when the engine does not say. */
export function definitionsOf(source: MappingSource): Map<string, MappingDefinition> | null {
  const list = source.engine.mappingDefinitions?.() ?? null;
  return list ? new Map(list.map((d) => [d.id, d])) : null;
}

function toMappingView(
  m: Mapping,
  openErrors: number,
  definition: MappingDefinition | undefined,
): MappingView {
  return {
    id: m.id,
    name: m.name,
    erpEntity: m.erpEntity,
    crmEntity: m.crmEntity,
    direction: words.direction.toApi.get(m.direction) ?? m.direction,
    updateConflictPolicy:
      words.updateConflictPolicy.toApi.get(m.updateConflictPolicy) ?? m.updateConflictPolicy,
    deletionConflictPolicy:
      words.deletionConflictPolicy.toApi.get(m.deletionConflictPolicy) ?? m.deletionConflictPolicy,
    mode: m.mode,
    scheduleMinutes: m.scheduleMinutes,
    errorThreshold: m.errorThreshold,
    paused: m.paused,
    pausedReason: m.pausedReason,
    fieldMappings: m.fieldMappings.length > 0 ? m.fieldMappings : (definition?.fields ?? []),
    matchFields: definition?.matchFields ?? [],
    openErrors,
    updatedAt: m.updatedAt,
    updatedBy: m.updatedBy,
  };
}

export async function listMappings(source: MappingSource): Promise<MappingView[]> {
  const { store } = source;
  const [mappings, open] = await Promise.all([
    store.mappings.list(),
    store.errors.openCountsByMapping(),
  ]);
  const definitions = definitionsOf(source);
  return mappings
    .map((m) => toMappingView(m, open[m.id] ?? 0, definitions?.get(m.id)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getMapping(source: MappingSource, id: string): Promise<MappingView> {
  const mapping = await source.store.mappings.get(id);
  if (!mapping) throw new NotFoundError('Mapping', id);
  const open = await source.store.errors.counts({ mappingId: id });
  return toMappingView(mapping, open.total, definitionsOf(source)?.get(id));
}

function toStorePatch(patch: MappingPatch): StoreMappingPatch {
  const out: StoreMappingPatch = {};
  if (patch.direction !== undefined) out.direction = words.direction.toStore[patch.direction];
  if (patch.updateConflictPolicy !== undefined)
    out.updateConflictPolicy = words.updateConflictPolicy.toStore[patch.updateConflictPolicy];
  if (patch.deletionConflictPolicy !== undefined)
    out.deletionConflictPolicy = words.deletionConflictPolicy.toStore[patch.deletionConflictPolicy];
  if (patch.mode !== undefined) out.mode = patch.mode;
  if (patch.scheduleMinutes !== undefined) out.scheduleMinutes = patch.scheduleMinutes;
  if (patch.errorThreshold !== undefined) out.errorThreshold = patch.errorThreshold;
  return out;
}

export async function updateMapping(
  source: MappingSource,
  id: string,
  patch: MappingPatch,
  by: string,
): Promise<MappingView> {
  await getMapping(source, id);
  await source.store.mappings.update(id, toStorePatch(patch), by);
  return getMapping(source, id);
}

export async function pauseMapping(
  source: MappingSource,
  id: string,
  reason: string,
  by: string | null,
): Promise<MappingView> {
  await getMapping(source, id);
  await source.store.mappings.pause(id, reason, by);
  return getMapping(source, id);
}

export async function resumeMapping(
  source: MappingSource,
  id: string,
  by: string,
): Promise<MappingView> {
  await getMapping(source, id);
  await source.store.mappings.resume(id, by);
  return getMapping(source, id);
}
