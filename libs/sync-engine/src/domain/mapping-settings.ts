import type { Mapping, Store } from '@twinsync/sync-store';
import type {
  DeletionPolicy,
  EngineMapping,
  MappingDirection,
  UpdateConflictPolicy,
} from './model';

const directions: readonly MappingDirection[] = ['bidirectional', 'erp-to-crm', 'crm-to-erp'];
const updatePolicies: readonly UpdateConflictPolicy[] = [
  'raise-error',
  'erp-wins',
  'crm-wins',
  'newest-wins',
  'merge',
];
const deletionPolicies: Readonly<Record<string, DeletionPolicy>> = {
  'raise-error': 'raise-error',
  restore: 'restore',
  'delete-survivor': 'delete-survivor',
  delete: 'delete-survivor',
  'remove-coupling': 'remove-coupling',
  remove: 'remove-coupling',
};

function oneOf<T extends string>(values: readonly T[], value: string, fallback: T): T {
  return (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The mapping as admins configured it in the store (policies, direction) over its definition. */
export function withSettings(mapping: EngineMapping, row: Mapping | null): EngineMapping {
  if (!row) return mapping;
  return {
    ...mapping,
    direction: oneOf(directions, row.direction, mapping.direction),
    updateConflictPolicy: oneOf(
      updatePolicies,
      row.updateConflictPolicy,
      mapping.updateConflictPolicy,
    ),
    deletionPolicy: deletionPolicies[row.deletionConflictPolicy] ?? mapping.deletionPolicy,
  };
}

/** Makes sure every mapping has its row (couplings and jobs refer to it); keeps admins' edits. */
export async function ensureMappingRows(store: Store, mappings: readonly EngineMapping[]) {
  for (const m of mappings) {
    await store.mappings.ensure({
      id: m.id,
      name: m.name,
      erpEntity: m.erpEntity,
      crmEntity: m.crmEntity,
      direction: m.direction,
      updateConflictPolicy: m.updateConflictPolicy,
      deletionConflictPolicy: m.deletionPolicy,
    });
  }
}
