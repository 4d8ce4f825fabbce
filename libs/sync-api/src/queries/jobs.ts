import { NotFoundError } from '../errors/domain-errors';
import type { JobListPage, JobSummary } from '../outputs/jobs';
import type { ApiStore } from '../store';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import {
  asRecord,
  bool,
  isoOf,
  isoOrNullOf,
  parseJson,
  rowOf,
  rowsOf,
  str,
  strOrNull,
  type Row,
} from './row-values';
import { tables } from './tables';

export function toJobSummary(r: Row): JobSummary {
  const startedAt = isoOrNullOf(r, 'started_at');
  const finishedAt = isoOrNullOf(r, 'finished_at');
  const counters = Object.fromEntries(
    Object.entries(asRecord(parseJson(r['counters']))).map(([k, v]) => [k, Number(v)]),
  );
  return {
    id: str(r, 'id'),
    mappingId: strOrNull(r, 'mapping_id'),
    type: str(r, 'type'),
    direction: strOrNull(r, 'direction'),
    trigger: strOrNull(r, 'trigger') ?? 'manual',
    requestedBy: strOrNull(r, 'requested_by'),
    state: str(r, 'state'),
    dryRun: bool(r, 'dry_run'),
    counters,
    startedAt,
    finishedAt,
    durationMs: startedAt && finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
    createdAt: isoOf(r, 'created_at'),
  };
}

export interface JobListQuery {
  mappingId?: string | undefined;
  states?: string[] | undefined;
  trigger?: string | undefined;
  limit: number;
  cursor?: string | null | undefined;
}

export async function listJobs(store: ApiStore, input: JobListQuery): Promise<JobListPage> {
  const query = store.knex(tables.jobs).select('*');
  if (input.mappingId) query.where('mapping_id', input.mappingId);
  if (input.states?.length) query.whereIn('state', input.states);
  if (input.trigger) query.where('trigger', input.trigger);
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    query.where((w) => {
      w.where('created_at', '<', after.value ?? '').orWhere((eq) => {
        eq.where('created_at', '=', after.value ?? '').andWhere('id', '<', after.id);
      });
    });
  }
  const rows = rowsOf(
    await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(input.limit + 1),
  );
  const last = rows[input.limit - 1];
  return {
    items: rows.slice(0, input.limit).map(toJobSummary),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ value: str(last, 'created_at'), id: str(last, 'id') })
        : null,
  };
}

export async function getJob(store: ApiStore, id: string): Promise<JobSummary> {
  const row = rowOf(await store.knex(tables.jobs).where('id', id).first());
  if (!row) throw new NotFoundError('Job', id);
  return toJobSummary(row);
}
