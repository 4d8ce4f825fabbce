import type { ErrorDetail } from '../api/types';

/**
 * The app where a record was deleted, or null when the error is not a deletion. The state says so
 * while the error is fresh; once it repeats, its state becomes Skipped and only the values tell:
 * the deleted side has no value for any field while the survivor has some.
 */
export function deletedSideOf(detail: Pick<ErrorDetail, 'kind' | 'state' | 'fields'>) {
  if (detail.state === 'deleted-in-erp') return 'erp' as const;
  if (detail.state === 'deleted-in-crm') return 'crm' as const;
  if (detail.kind !== 'deleted' || detail.fields.length === 0) return null;
  const empty = (side: 'erp' | 'crm') => detail.fields.every((f) => f[side] == null);
  if (empty('crm') && !empty('erp')) return 'crm' as const;
  if (empty('erp') && !empty('crm')) return 'erp' as const;
  return null;
}
