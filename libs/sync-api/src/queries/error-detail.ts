import { NotFoundError } from '../errors/domain-errors';
import type { ErrorDetail } from '../outputs/errors';
import type { ApiStore } from '../store';
import { mappingNames, toErrorListItem } from './errors-list';
import { compareFields } from './field-comparison';
import { asRecord } from './row-values';

/** Most occurrences returned with one error (newest first). */
export const maxOccurrences = 100;

/**
 * One error with everything the detail page shows. The engine stores the values each app held at
 * failure time in `details.erp` / `details.crm` (canonical, keyed like the coupling's base); the
 * base is the coupling's current base, else the one recorded with the error.
 */
export async function getErrorDetail(store: ApiStore, id: string): Promise<ErrorDetail> {
  const error = await store.errors.get(id);
  if (!error) throw new NotFoundError('Error', id);
  const [names, coupling, occurrences] = await Promise.all([
    mappingNames(store),
    error.couplingId ? store.couplings.get(error.couplingId) : Promise.resolve(null),
    store.errors.occurrences(id, { limit: maxOccurrences }),
  ]);
  const d = asRecord(error.details);
  const base = coupling?.base ?? d['base'] ?? null;
  return {
    ...toErrorListItem(error, names),
    details: error.details,
    fields: compareFields(base, d['erp'], d['crm']),
    occurrences: occurrences.items.map((o) => ({
      id: o.id,
      jobId: o.jobId,
      occurredAt: o.at,
      message: o.message,
      details: o.details,
    })),
  };
}
