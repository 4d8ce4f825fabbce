import { tables } from '../migrations/tables';
import type { Side } from '../model/snapshot';
import { toStr, toStrOrNull, type Row } from '../rows/values';
import type { RepositoryContext } from './context';

/** Where change tracking of one side of a mapping resumes: a delta link or an ISO watermark. */
export interface Watermark {
  mappingId: string;
  side: Side;
  token: string | null;
  updatedAt: string;
}

export interface WatermarkRepository {
  get(mappingId: string, side: Side): Promise<Watermark | null>;
  /** Stores the token (write it in the same transaction as the records it covers). */
  set(mappingId: string, side: Side, token: string | null): Promise<Watermark>;
  list(mappingId?: string): Promise<Watermark[]>;
  /** Forgets the watermarks (next run is a full sync); returns how many were removed. */
  clear(mappingId: string, side?: Side): Promise<number>;
}

function toWatermark(r: Row): Watermark {
  return {
    mappingId: toStr(r['mapping_id']),
    side: toStr(r['side']) as Side,
    token: toStrOrNull(r['token']),
    updatedAt: toStr(r['updated_at']),
  };
}

export function createWatermarkRepository(ctx: RepositoryContext): WatermarkRepository {
  const table = () => ctx.db(tables.watermarks);
  return {
    async get(mappingId, side) {
      const row = (await table().where({ mapping_id: mappingId, side }).first()) as Row | undefined;
      return row ? toWatermark(row) : null;
    },
    async set(mappingId, side, token) {
      const row = { mapping_id: mappingId, side, token, updated_at: ctx.now() };
      await table().insert(row).onConflict(['mapping_id', 'side']).merge(['token', 'updated_at']);
      return toWatermark(row);
    },
    async list(mappingId) {
      const q = table().select('*');
      if (mappingId !== undefined) q.where('mapping_id', mappingId);
      const rows = (await q.orderBy(['mapping_id', 'side'])) as Row[];
      return rows.map(toWatermark);
    },
    clear(mappingId, side) {
      const q = table().where('mapping_id', mappingId);
      if (side !== undefined) q.where('side', side);
      return q.delete();
    },
  };
}
