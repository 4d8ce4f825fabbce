import type { RecordLogEntry } from '../outputs/records';
import type { ApiStore } from '../store';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { isoOf, parseJson, rowsOf, str, strOrNull } from './row-values';
import { historyChanges } from './history-changes';
import { tables } from './tables';

/** History events written by one job, newest first. */
export async function jobRecords(
  store: ApiStore,
  jobId: string,
  page: { limit: number; cursor?: string | null | undefined },
): Promise<{ items: RecordLogEntry[]; nextCursor: string | null }> {
  const query = store.knex(tables.history).select('*').where('job_id', jobId);
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    query.where('id', '<', after.id);
  }
  const rows = rowsOf(await query.orderBy('id', 'desc').limit(page.limit + 1));
  const items = rows.slice(0, page.limit).map((r) => ({
    id: str(r, 'id'),
    couplingId: strOrNull(r, 'coupling_id'),
    jobId: strOrNull(r, 'job_id'),
    at: isoOf(r, 'at'),
    direction: strOrNull(r, 'direction'),
    outcome: str(r, 'outcome'),
    message: strOrNull(r, 'message'),
    changes: historyChanges(parseJson(r['before']), parseJson(r['after'])),
  }));
  const last = rows[page.limit - 1];
  return {
    items,
    nextCursor:
      rows.length > page.limit && last ? encodeCursor({ value: null, id: str(last, 'id') }) : null,
  };
}
