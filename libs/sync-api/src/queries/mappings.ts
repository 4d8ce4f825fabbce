import type { Mapping, MappingPatch as StoreMappingPatch } from '@twinsync/sync-store';
import { NotFoundError } from '../errors/domain-errors';
import type { MappingPatch } from '../inputs/mappings';
import type { MappingView } from '../outputs/mappings';
import type { ApiStore } from '../store';
import { mappingVocabulary as words } from './vocabulary';

function toMappingView(m: Mapping, openErrors: number): MappingView {
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
    fieldMappings: m.fieldMappings,
    openErrors,
    updatedAt: m.updatedAt,
    updatedBy: m.updatedBy,
  };
}

export async function listMappings(store: ApiStore): Promise<MappingView[]> {
  const [mappings, open] = await Promise.all([
    store.mappings.list(),
    store.errors.openCountsByMapping(),
  ]);
  return mappings
    .map((m) => toMappingView(m, open[m.id] ?? 0))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getMapping(store: ApiStore, id: string): Promise<MappingView> {
  const mapping = await store.mappings.get(id);
  if (!mapping) throw new NotFoundError('Mapping', id);
  const open = await store.errors.counts({ mappingId: id });
  return toMappingView(mapping, open.total);
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
  store: ApiStore,
  id: string,
  patch: MappingPatch,
  by: string,
): Promise<MappingView> {
  await getMapping(store, id);
  await store.mappings.update(id, toStorePatch(patch), by);
  return getMapping(store, id);
}

export async function pauseMapping(
  store: ApiStore,
  id: string,
  reason: string,
  by: string | null,
): Promise<MappingView> {
  await getMapping(store, id);
  await store.mappings.pause(id, reason, by);
  return getMapping(store, id);
}

export async function resumeMapping(store: ApiStore, id: string, by: string): Promise<MappingView> {
  await getMapping(store, id);
  await store.mappings.resume(id, by);
  return getMapping(store, id);
}
