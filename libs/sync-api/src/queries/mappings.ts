import { NotFoundError } from '../errors/domain-errors';
import type { MappingPatch } from '../inputs/mappings';
import type { MappingView } from '../outputs/mappings';
import type { ApiStore } from '../store';
import { bool, num, parseJson, rowOf, rowsOf, str, strOrNull, type Row } from './row-values';
import { tables } from './tables';

/** Error states that count as open (not dismissed and not waiting for a retry). */
export const closedErrorStates = ['dismissed', 'resolved', 'retrying'];

function toMappingView(row: Row, openErrors: number): MappingView {
  const fieldMappings = parseJson(row['field_mappings']);
  const threshold = row['error_threshold'];
  return {
    id: str(row, 'id'),
    name: str(row, 'name'),
    erpEntity: str(row, 'erp_entity'),
    crmEntity: str(row, 'crm_entity'),
    direction: str(row, 'direction'),
    updateConflictPolicy: str(row, 'update_conflict_policy'),
    deletionConflictPolicy: str(row, 'deletion_conflict_policy'),
    mode: str(row, 'mode'),
    scheduleMinutes: num(row, 'schedule_minutes'),
    errorThreshold:
      threshold === null || threshold === undefined ? null : num(row, 'error_threshold'),
    paused: bool(row, 'paused'),
    pausedReason: strOrNull(row, 'paused_reason'),
    fieldMappings: Array.isArray(fieldMappings) ? (fieldMappings as unknown[]) : [],
    openErrors,
  };
}

export async function openErrorCounts(store: ApiStore): Promise<Map<string, number>> {
  const rows = rowsOf(
    await store
      .knex(tables.errors)
      .select('mapping_id')
      .count({ n: '*' })
      .whereNotIn('state', closedErrorStates)
      .groupBy('mapping_id'),
  );
  return new Map(rows.map((r) => [str(r, 'mapping_id'), num(r, 'n')]));
}

export async function listMappings(store: ApiStore): Promise<MappingView[]> {
  const [rows, open] = await Promise.all([
    store.knex(tables.mappings).select('*').orderBy('name') as Promise<unknown>,
    openErrorCounts(store),
  ]);
  return rowsOf(rows).map((r) => toMappingView(r, open.get(str(r, 'id')) ?? 0));
}

export async function getMapping(store: ApiStore, id: string): Promise<MappingView> {
  const row = rowOf(await store.knex(tables.mappings).where('id', id).first());
  if (!row) throw new NotFoundError('Mapping', id);
  const open = await openErrorCounts(store);
  return toMappingView(row, open.get(id) ?? 0);
}

const patchColumns: Readonly<Record<keyof MappingPatch, string>> = {
  direction: 'direction',
  updateConflictPolicy: 'update_conflict_policy',
  deletionConflictPolicy: 'deletion_conflict_policy',
  mode: 'mode',
  scheduleMinutes: 'schedule_minutes',
  errorThreshold: 'error_threshold',
};

export async function updateMapping(
  store: ApiStore,
  id: string,
  patch: MappingPatch | { paused: boolean; pausedReason: string | null },
  at: Date,
): Promise<MappingView> {
  await getMapping(store, id);
  const update: Record<string, unknown> = { updated_at: at.toISOString() };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'paused') update['paused'] = value;
    else if (key === 'pausedReason') update['paused_reason'] = value;
    else update[patchColumns[key as keyof MappingPatch]] = value;
  }
  await store.knex(tables.mappings).where('id', id).update(update);
  return getMapping(store, id);
}
