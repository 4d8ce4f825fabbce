import { tables } from '../migrations/tables';
import {
  definedOnly,
  fromJson,
  toBool,
  toNumOrNull,
  toNum,
  toStr,
  toStrOrNull,
  toJson,
  type Row,
} from '../rows/values';
import { RecordNotFoundError } from '../store-errors';
import type { RepositoryContext } from './context';

/** A table mapping (customers ↔ accounts, …) and the settings that steer its sync. */
export interface Mapping {
  /** The mapping's name and key, e.g. 'customers'. */
  id: string;
  /** Display name, e.g. 'Customers ↔ Accounts'. */
  name: string;
  erpEntity: string;
  crmEntity: string;
  enabled: boolean;
  paused: boolean;
  pausedReason: string | null;
  pausedAt: string | null;
  /** 'bidirectional' | 'erp-to-crm' | 'crm-to-erp' (values owned by sync-core). */
  direction: string;
  /** e.g. 'raise-error' | 'erp-wins' | 'crm-wins' (values owned by sync-core). */
  updateConflictPolicy: string;
  /** e.g. 'raise-error' | 'restore' | 'remove' (values owned by sync-core). */
  deletionConflictPolicy: string;
  scheduleMinutes: number;
  /** 'scheduled' (timer only) | 'live' (webhooks / delta polling trigger small jobs too). */
  mode: string;
  /** Open errors at which the mapping pauses itself; null = never. */
  errorThreshold: number | null;
  /** Failed share of a job's records (0..1) at which the mapping pauses; null = never. */
  errorRateThreshold: number | null;
  /** Field mapping overrides as JSON (shape owned by sync-core). */
  fieldMappings: unknown[];
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

export type MappingInput = Pick<Mapping, 'id' | 'name' | 'erpEntity' | 'crmEntity'> &
  Partial<Omit<Mapping, 'id' | 'name' | 'erpEntity' | 'crmEntity' | 'createdAt' | 'updatedAt'>>;

export type MappingPatch = Partial<Omit<Mapping, 'id' | 'createdAt' | 'updatedAt' | 'updatedBy'>>;

function toMapping(r: Row): Mapping {
  const fields = fromJson<unknown>(r['field_mappings']);
  return {
    id: toStr(r['id']),
    name: toStr(r['name']),
    erpEntity: toStr(r['erp_entity']),
    crmEntity: toStr(r['crm_entity']),
    enabled: toBool(r['enabled']),
    paused: toBool(r['paused']),
    pausedReason: toStrOrNull(r['paused_reason']),
    pausedAt: toStrOrNull(r['paused_at']),
    direction: toStr(r['direction']),
    updateConflictPolicy: toStr(r['update_conflict_policy']),
    deletionConflictPolicy: toStr(r['deletion_conflict_policy']),
    scheduleMinutes: toNum(r['schedule_minutes']),
    mode: toStr(r['mode']),
    errorThreshold: toNumOrNull(r['error_threshold']),
    errorRateThreshold: toNumOrNull(r['error_rate_threshold']),
    fieldMappings: Array.isArray(fields) ? (fields as unknown[]) : [],
    createdAt: toStr(r['created_at']),
    updatedAt: toStr(r['updated_at']),
    updatedBy: toStrOrNull(r['updated_by']),
  };
}

function patchColumns(p: MappingPatch): Row {
  return definedOnly({
    name: p.name,
    erp_entity: p.erpEntity,
    crm_entity: p.crmEntity,
    enabled: p.enabled,
    paused: p.paused,
    paused_reason: p.pausedReason,
    paused_at: p.pausedAt,
    direction: p.direction,
    update_conflict_policy: p.updateConflictPolicy,
    deletion_conflict_policy: p.deletionConflictPolicy,
    schedule_minutes: p.scheduleMinutes,
    mode: p.mode,
    error_threshold: p.errorThreshold,
    error_rate_threshold: p.errorRateThreshold,
    field_mappings: p.fieldMappings === undefined ? undefined : toJson(p.fieldMappings),
  });
}

export interface MappingRepository {
  get(id: string): Promise<Mapping | null>;
  /** Like get, but a missing mapping is a RecordNotFoundError. */
  require(id: string): Promise<Mapping>;
  list(): Promise<Mapping[]>;
  /** Creates the mapping, or leaves an existing one's settings as they are (seeding is idempotent). */
  ensure(input: MappingInput): Promise<Mapping>;
  /** Creates or overwrites every given setting. */
  upsert(input: MappingInput): Promise<Mapping>;
  update(id: string, patch: MappingPatch, updatedBy?: string | null): Promise<Mapping>;
  pause(id: string, reason: string, updatedBy?: string | null): Promise<Mapping>;
  resume(id: string, updatedBy?: string | null): Promise<Mapping>;
}

export function createMappingRepository(ctx: RepositoryContext): MappingRepository {
  const { db } = ctx;
  const table = () => db(tables.mappings);

  async function get(id: string): Promise<Mapping | null> {
    const row = (await table().where('id', id).first()) as Row | undefined;
    return row ? toMapping(row) : null;
  }
  async function require(id: string): Promise<Mapping> {
    const found = await get(id);
    if (!found) throw new RecordNotFoundError('Mapping', id);
    return found;
  }
  function insertRow(input: MappingInput): Row {
    const now = ctx.now();
    return {
      id: input.id,
      ...patchColumns(input),
      created_at: now,
      updated_at: now,
      updated_by: input.updatedBy ?? null,
    };
  }
  async function update(id: string, patch: MappingPatch, updatedBy: string | null = null) {
    const count = await table()
      .where('id', id)
      .update({ ...patchColumns(patch), updated_at: ctx.now(), updated_by: updatedBy });
    if (count === 0) throw new RecordNotFoundError('Mapping', id);
    return require(id);
  }

  return {
    get,
    require,
    async list() {
      const rows = (await table().select('*').orderBy('id')) as Row[];
      return rows.map(toMapping);
    },
    async ensure(input) {
      await table().insert(insertRow(input)).onConflict('id').ignore();
      return require(input.id);
    },
    async upsert(input) {
      const row = insertRow(input);
      const { created_at: _created, id: _id, ...changes } = row;
      await table().insert(row).onConflict('id').merge(Object.keys(changes));
      return require(input.id);
    },
    update,
    pause(id, reason, updatedBy = null) {
      return update(id, { paused: true, pausedReason: reason, pausedAt: ctx.now() }, updatedBy);
    },
    resume(id, updatedBy = null) {
      return update(id, { paused: false, pausedReason: null, pausedAt: null }, updatedBy);
    },
  };
}
