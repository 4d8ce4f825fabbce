import type { ErrorState, SnapshotValues } from '@twinsync/sync-store';
import type { ApiStore } from '../store';

/**
 * Seeds the real store through its repositories. Timestamps the store writes come from its clock,
 * so builders that need a given time set the shared test clock around the write.
 */
export interface Seeder {
  store: ApiStore;
  now: { value: Date };
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

async function at<T>(seeder: Seeder, iso: string | undefined, write: () => Promise<T>): Promise<T> {
  if (!iso) return write();
  const saved = seeder.now.value;
  seeder.now.value = new Date(iso);
  try {
    return await write();
  } finally {
    seeder.now.value = saved;
  }
}

export interface MappingSeed {
  id?: string;
  name?: string;
  paused?: boolean;
  errorThreshold?: number | null;
  mode?: string;
  fieldMappings?: unknown[];
}

export async function insertMapping(seeder: Seeder, seed: MappingSeed = {}): Promise<string> {
  const id = seed.id ?? nextId('map');
  await seeder.store.mappings.upsert({
    id,
    name: seed.name ?? 'customers ↔ accounts',
    erpEntity: 'customers',
    crmEntity: 'accounts',
    paused: seed.paused ?? false,
    pausedReason: seed.paused ? 'paused in a test' : null,
    errorThreshold: seed.errorThreshold ?? null,
    mode: seed.mode ?? 'scheduled',
    fieldMappings: seed.fieldMappings ?? [
      { erp: 'displayName', crm: 'name', field: 'name' },
      { erp: 'city', crm: 'address1_city', field: 'city' },
    ],
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
  base?: SnapshotValues | null;
}

export async function insertCoupling(seeder: Seeder, seed: CouplingSeed): Promise<string> {
  const coupling = await seeder.store.couplings.create({
    id: seed.id ?? nextId('cpl'),
    mappingId: seed.mappingId,
    erpId: seed.erpId === undefined ? nextId('erp') : seed.erpId,
    crmId: seed.crmId === undefined ? nextId('crm') : seed.crmId,
    recordNumber: seed.recordNumber ?? null,
    recordName: seed.recordName ?? null,
    skipped: seed.skipped ?? false,
    base: seed.base ?? null,
  });
  return coupling.id;
}

export interface ErrorSeed {
  mappingId: string;
  couplingId?: string | null;
  /** Defaults to a fresh id when the error has no coupling. */
  erpId?: string | null;
  jobId?: string | null;
  kind?: string;
  state?: ErrorState;
  direction?: 'erp-to-crm' | 'crm-to-erp' | null;
  message?: string;
  details?: unknown;
  recordNumber?: string | null;
  recordName?: string | null;
  /** Raised this many times (one occurrence each); default 1. */
  occurrences?: number;
  lastSeenAt?: string;
  /** Closed right after raising, with this resolution. */
  resolution?: string;
}

/** Raises an error through the store (as the engine does) and returns its id. */
export async function insertError(seeder: Seeder, seed: ErrorSeed): Promise<string> {
  const couplingId = seed.couplingId ?? null;
  const input = {
    mappingId: seed.mappingId,
    couplingId,
    erpId: seed.erpId === undefined ? (couplingId ? null : nextId('erp')) : seed.erpId,
    jobId: seed.jobId ?? null,
    kind: seed.kind ?? 'conflict',
    state: seed.state ?? 'failed',
    direction: seed.direction === undefined ? ('erp-to-crm' as const) : seed.direction,
    message: seed.message ?? 'Both sides changed',
    details: seed.details ?? null,
    recordNumber: seed.recordNumber ?? null,
    recordName: seed.recordName ?? null,
    at: seed.lastSeenAt ?? '2025-03-01T10:00:00.000Z',
  };
  let id = '';
  for (let i = 0; i < (seed.occurrences ?? 1); i++) {
    id = (await seeder.store.errors.raise(input)).id;
  }
  if (seed.resolution)
    await seeder.store.errors.resolveByIds([id], { resolution: seed.resolution });
  return id;
}

export interface JobSeed {
  id?: string;
  mappingId?: string | null;
  state?: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  trigger?: 'scheduled' | 'manual' | 'admin';
  counters?: Partial<Record<'inserted' | 'modified' | 'failed' | 'conflicts', number>>;
  createdAt?: string;
  /** Milliseconds from start to finish of a finished job; default 2500. */
  durationMs?: number;
}

export async function insertJob(seeder: Seeder, seed: JobSeed = {}): Promise<string> {
  const createdAt = seed.createdAt ?? '2025-03-01T10:00:00.000Z';
  const state = seed.state ?? 'succeeded';
  const job = await at(seeder, createdAt, () =>
    seeder.store.jobs.enqueue({
      ...(seed.id ? { id: seed.id } : {}),
      mappingId: seed.mappingId ?? null,
      type: 'incremental',
      trigger: seed.trigger ?? 'scheduled',
      direction: 'both',
      ...(state === 'queued' ? {} : { claimedBy: 'test-worker' }),
    }),
  );
  if (seed.counters) await seeder.store.jobs.addCounters(job.id, seed.counters);
  if (state !== 'queued' && state !== 'running') {
    const finishedAt = new Date(Date.parse(createdAt) + (seed.durationMs ?? 2500)).toISOString();
    await at(seeder, finishedAt, () => seeder.store.jobs.finish(job.id, state));
  }
  return job.id;
}

export async function insertHistory(
  seeder: Seeder,
  seed: {
    id?: string;
    mappingId: string;
    couplingId: string;
    erpId?: string | null;
    crmId?: string | null;
    jobId?: string | null;
    at: string;
    outcome?: string;
    direction?: 'erp-to-crm' | 'crm-to-erp';
    before?: SnapshotValues;
    after?: SnapshotValues;
  },
): Promise<string> {
  const id = seed.id ?? nextId('hist');
  await seeder.store.history.insertMany([
    {
      id,
      mappingId: seed.mappingId,
      couplingId: seed.couplingId,
      erpId: seed.erpId ?? null,
      crmId: seed.crmId ?? null,
      jobId: seed.jobId ?? null,
      at: seed.at,
      direction: seed.direction ?? 'erp-to-crm',
      outcome: seed.outcome ?? 'modified',
      before: seed.before ?? {},
      after: seed.after ?? {},
    },
  ]);
  return id;
}

export async function insertWatermark(
  seeder: Seeder,
  seed: { mappingId: string; side: 'erp' | 'crm'; updatedAt: string },
): Promise<void> {
  await at(seeder, seed.updatedAt, () =>
    seeder.store.watermarks.set(seed.mappingId, seed.side, seed.updatedAt),
  );
}
