/**
 * The API speaks camelCase values (`erpToCrm`, `raiseError`), the store and engine kebab-case
 * (`erp-to-crm`, `raise-error`). This is the one place that translates between the two.
 */
import type { RecordDirection } from '@twinsync/sync-store';
import type {
  deletionConflictPolicies,
  mappingDirections,
  updateConflictPolicies,
} from '../inputs/mappings';

type ApiDirection = 'erpToCrm' | 'crmToErp';

const recordDirections: Readonly<Record<ApiDirection, RecordDirection>> = {
  erpToCrm: 'erp-to-crm',
  crmToErp: 'crm-to-erp',
};

export function toStoreDirection(direction: ApiDirection): RecordDirection {
  return recordDirections[direction];
}

function invert<K extends string, V extends string>(table: Readonly<Record<K, V>>): Map<string, K> {
  return new Map(Object.entries(table).map(([k, v]) => [v as string, k as K]));
}

const apiDirectionOf = invert(recordDirections);

/** A store direction in API words; unknown values pass through unchanged. */
export function toApiDirection(direction: string | null): string | null {
  return direction === null ? null : (apiDirectionOf.get(direction) ?? direction);
}

const mappingDirectionTable: Readonly<Record<(typeof mappingDirections)[number], string>> = {
  bidirectional: 'bidirectional',
  erpToCrm: 'erp-to-crm',
  crmToErp: 'crm-to-erp',
};

const updatePolicyTable: Readonly<Record<(typeof updateConflictPolicies)[number], string>> = {
  raiseError: 'raise-error',
  erpWins: 'erp-wins',
  crmWins: 'crm-wins',
  newestWins: 'newest-wins',
  fieldMerge: 'merge',
};

const deletionPolicyTable: Readonly<Record<(typeof deletionConflictPolicies)[number], string>> = {
  raiseError: 'raise-error',
  restore: 'restore',
  deleteSurvivor: 'delete-survivor',
  removeCoupling: 'remove-coupling',
};

export const mappingVocabulary = {
  direction: { toStore: mappingDirectionTable, toApi: invert(mappingDirectionTable) },
  updateConflictPolicy: { toStore: updatePolicyTable, toApi: invert(updatePolicyTable) },
  deletionConflictPolicy: { toStore: deletionPolicyTable, toApi: invert(deletionPolicyTable) },
} as const;
