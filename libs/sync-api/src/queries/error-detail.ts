import { NotFoundError } from '../errors/domain-errors';
import type { ErrorDetail, ErrorOccurrence } from '../outputs/errors';
import type { ApiStore } from '../store';
import { errorListColumns, toErrorListItem } from './errors-list';
import { compareFields } from './field-comparison';
import { asRecord, isoOf, parseJson, rowOf, rowsOf, str, strOrNull } from './row-values';
import { tables } from './tables';

/**
 * One error with everything the detail page shows. The engine stores the values each app held at
 * failure time in `details.erp` / `details.crm` (keyed like the coupling's base snapshot); the base
 * comes from the coupling.
 */
export async function getErrorDetail(store: ApiStore, id: string): Promise<ErrorDetail> {
  const { knex } = store;
  const row = rowOf(
    await knex(`${tables.errors} as e`)
      .leftJoin(`${tables.mappings} as m`, 'm.id', 'e.mapping_id')
      .select([...errorListColumns, 'e.details'])
      .where('e.id', id)
      .first(),
  );
  if (!row) throw new NotFoundError('Error', id);
  const item = toErrorListItem(row);
  const details = parseJson(row['details']);
  const coupling = item.couplingId
    ? rowOf(await knex(tables.couplings).select('base').where('id', item.couplingId).first())
    : null;
  const base = parseJson(coupling?.['base'] ?? null);
  const d = asRecord(details);
  const occurrenceRows = rowsOf(
    await knex(tables.occurrences)
      .where('error_id', id)
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]),
  );
  const occurrences: ErrorOccurrence[] = occurrenceRows.map((o) => ({
    id: str(o, 'id'),
    jobId: strOrNull(o, 'job_id'),
    occurredAt: isoOf(o, 'occurred_at'),
    message: str(o, 'message'),
    details: parseJson(o['details']),
  }));
  return { ...item, details, fields: compareFields(base, d['erp'], d['crm']), occurrences };
}
