import type { ApiStore } from '../store';
import { tables } from '../queries/tables';

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

export interface MappingSeed {
  id?: string;
  name?: string;
  paused?: boolean;
  errorThreshold?: number | null;
  mode?: string;
  fieldMappings?: unknown[];
}

export async function insertMapping(store: ApiStore, seed: MappingSeed = {}): Promise<string> {
  const id = seed.id ?? nextId('map');
  await store.knex(tables.mappings).insert({
    id,
    name: seed.name ?? 'customers ↔ accounts',
    erp_entity: 'customers',
    crm_entity: 'accounts',
    paused: seed.paused ?? false,
    error_threshold: seed.errorThreshold ?? null,
    mode: seed.mode ?? 'scheduled',
    field_mappings: JSON.stringify(
      seed.fieldMappings ?? [
        { erp: 'displayName', crm: 'name', field: 'name' },
        { erp: 'city', crm: 'address1_city', field: 'city' },
      ],
    ),
  });
  return id;
}

export interface CouplingSeed {
  id?: string;
  mappingId: string;
  erpId?: string | null;
  crmId?: string | null;
  recordNumber?: string | null;
  recordName?: string | null;
  skipped?: boolean;
  base?: Record<string, unknown> | null;
}

export async function insertCoupling(store: ApiStore, seed: CouplingSeed): Promise<string> {
  const id = seed.id ?? nextId('cpl');
  await store.knex(tables.couplings).insert({
    id,
    mapping_id: seed.mappingId,
    erp_id: seed.erpId === undefined ? nextId('erp') : seed.erpId,
    crm_id: seed.crmId === undefined ? nextId('crm') : seed.crmId,
    record_number: seed.recordNumber ?? null,
    record_name: seed.recordName ?? null,
    skipped: seed.skipped ?? false,
    base: seed.base === undefined ? null : JSON.stringify(seed.base),
  });
  return id;
}

export interface ErrorSeed {
  id?: string;
  mappingId: string;
  couplingId?: string | null;
  jobId?: string | null;
  kind?: string;
  state?: string;
  direction?: string | null;
  message?: string;
  details?: unknown;
  recordNumber?: string | null;
  recordName?: string | null;
  occurrenceCount?: number;
  lastSeenAt?: string;
  firstSeenAt?: string;
}

export async function insertError(store: ApiStore, seed: ErrorSeed): Promise<string> {
  const id = seed.id ?? nextId('err');
  const lastSeenAt = seed.lastSeenAt ?? '2025-03-01T10:00:00.000Z';
  await store.knex(tables.errors).insert({
    id,
    mapping_id: seed.mappingId,
    coupling_id: seed.couplingId ?? null,
    job_id: seed.jobId ?? null,
    direction: seed.direction === undefined ? 'erpToCrm' : seed.direction,
    kind: seed.kind ?? 'conflict',
    state: seed.state ?? 'failed',
    message: seed.message ?? 'Both sides changed',
    details: seed.details === undefined ? null : JSON.stringify(seed.details),
    record_number: seed.recordNumber ?? null,
    record_name: seed.recordName ?? null,
    occurrence_count: seed.occurrenceCount ?? 1,
    first_seen_at: seed.firstSeenAt ?? lastSeenAt,
    last_seen_at: lastSeenAt,
  });
  return id;
}

export async function insertOccurrence(
  store: ApiStore,
  seed: {
    errorId: string;
    jobId?: string | null;
    occurredAt: string;
    message: string;
    details?: unknown;
  },
): Promise<string> {
  const id = nextId('occ');
  await store.knex(tables.occurrences).insert({
    id,
    error_id: seed.errorId,
    job_id: seed.jobId ?? null,
    occurred_at: seed.occurredAt,
    message: seed.message,
    details: seed.details === undefined ? null : JSON.stringify(seed.details),
  });
  return id;
}

export interface JobSeed {
  id?: string;
  mappingId?: string | null;
  type?: string;
  state?: string;
  trigger?: string;
  counters?: Record<string, number>;
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export async function insertJob(store: ApiStore, seed: JobSeed = {}): Promise<string> {
  const id = seed.id ?? nextId('job');
  await store.knex(tables.jobs).insert({
    id,
    mapping_id: seed.mappingId ?? null,
    type: seed.type ?? 'sync',
    direction: 'both',
    trigger: seed.trigger ?? 'scheduled',
    state: seed.state ?? 'succeeded',
    counters: JSON.stringify(seed.counters ?? {}),
    created_at: seed.createdAt ?? '2025-03-01T10:00:00.000Z',
    started_at: seed.startedAt === undefined ? '2025-03-01T10:00:00.000Z' : seed.startedAt,
    finished_at: seed.finishedAt === undefined ? '2025-03-01T10:00:02.500Z' : seed.finishedAt,
  });
  return id;
}

export async function insertHistory(
  store: ApiStore,
  seed: {
    id?: string;
    couplingId: string;
    jobId?: string | null;
    at: string;
    outcome?: string;
    direction?: string;
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
  },
): Promise<string> {
  const id = seed.id ?? nextId('hist');
  await store.knex(tables.history).insert({
    id,
    coupling_id: seed.couplingId,
    job_id: seed.jobId ?? null,
    at: seed.at,
    direction: seed.direction ?? 'erpToCrm',
    outcome: seed.outcome ?? 'modified',
    before: JSON.stringify(seed.before ?? {}),
    after: JSON.stringify(seed.after ?? {}),
  });
  return id;
}

export async function insertWatermark(
  store: ApiStore,
  seed: { mappingId: string; side: 'erp' | 'crm'; updatedAt: string },
): Promise<void> {
  await store.knex(tables.watermarks).insert({
    mapping_id: seed.mappingId,
    side: seed.side,
    value: seed.updatedAt,
    updated_at: seed.updatedAt,
  });
}
