import { randomUUID } from 'node:crypto';
import {
  ERP_BATCH_LIMIT,
  erpOps,
  odataString,
  type BatchOperation,
  type ErpClient,
  type ErpRecord,
} from '@twinsync/connectors';
import type { AppPort, AppRecord, ChangePage, WriteOp, WriteOutcome } from '../ports';
import { AppRequestError, chunksOf, toAppError, toWriteOutcome } from './app-errors';
import { probeApp } from './probe';

const filterChunk = 50;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The change token of the ERP side: the newest lastModifiedDateTime and the ids seen at it. */
interface ErpToken {
  watermark: string;
  ids: string[];
}

export function parseErpToken(token: string | null): ErpToken | null {
  if (!token) return null;
  try {
    const parsed = JSON.parse(token) as Partial<ErpToken>;
    if (typeof parsed.watermark !== 'string') return null;
    return { watermark: parsed.watermark, ids: Array.isArray(parsed.ids) ? parsed.ids : [] };
  } catch {
    return null;
  }
}

/** The ERP (Business Central) as an AppPort, on the connectors' ErpClient. */
export function createErpApp(client: ErpClient, options: { batchLimit?: number } = {}): AppPort {
  const batchLimit = Math.min(options.batchLimit ?? ERP_BATCH_LIMIT, ERP_BATCH_LIMIT);

  function toRecord(raw: ErpRecord): AppRecord {
    const etag = raw['@odata.etag'];
    return { id: String(raw.id ?? ''), etag: typeof etag === 'string' ? etag : '', raw };
  }
  const recordOf = (body: unknown) =>
    body !== null && typeof body === 'object' ? toRecord(body as ErpRecord) : null;

  async function* changes(entity: string, token: string | null): AsyncGenerator<ChangePage> {
    const previous = parseErpToken(token);
    for await (const page of client.changedSince(entity, previous?.watermark, {
      seenAtWatermark: previous?.ids,
    })) {
      yield {
        upserts: page.records.map(toRecord),
        deletions: [],
        token:
          page.watermark === undefined
            ? (token ?? undefined)
            : JSON.stringify({ watermark: page.watermark, ids: page.idsAtWatermark }),
      };
    }
  }

  async function getMany(entity: string, ids: readonly string[]) {
    const found = new Map<string, AppRecord>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    const outcomes = await client.batchAll(
      unique.map((id) => erpOps.get(entity, id)),
      { atomic: false, chunkSize: batchLimit },
    );
    for (const outcome of outcomes) {
      if (outcome.ok) {
        const record = recordOf(outcome.body);
        if (record) found.set(record.id, record);
      } else if (outcome.error.kind !== 'not-found') {
        throw new AppRequestError(toAppError(outcome.error));
      }
    }
    return found;
  }

  /**
   * The records among `ids` read as one key range, `id ge <first> and id le <last>` ordered by id:
   * one request for a whole batch instead of a `$batch` operation per record, for ids that are a
   * contiguous slice of the sorted ids, as a partitioned first sync hands them out. Records in the
   * range but not among `ids` (created since the listing) are left out. What the range does not
   * give, within a bounded read, is read by id: deleted records, and all of them where the app
   * orders GUIDs differently from their text (SQL Server does).
   */
  async function getManyInRange(entity: string, ids: readonly string[]) {
    const wanted = new Set(ids);
    const found = new Map<string, AppRecord>();
    if (wanted.size === 0) return found;
    const sorted = [...wanted].sort();
    // Bare GUID literals only: anything else in a filter would be an error or another meaning.
    if (!sorted.every((id) => guid.test(id))) return getMany(entity, sorted);
    const filter = `id ge ${sorted[0]} and id le ${sorted[sorted.length - 1]}`;
    // A range much wider than the ids (unsorted ids, another GUID order) is not read to its end.
    let budget = sorted.length * 2 + 100;
    for await (const page of client.list(entity, { filter, orderby: 'id' })) {
      for (const raw of page) {
        const record = toRecord(raw);
        if (wanted.has(record.id)) found.set(record.id, record);
      }
      budget -= page.length;
      if (budget <= 0 || found.size === wanted.size) break;
    }
    const missing = sorted.filter((id) => !found.has(id));
    if (missing.length > 0) {
      for (const [id, record] of await getMany(entity, missing)) found.set(id, record);
    }
    return found;
  }

  async function findByField(entity: string, field: string, values: readonly string[]) {
    const out: AppRecord[] = [];
    for (const part of chunksOf([...new Set(values)].filter(Boolean), filterChunk)) {
      const filter = part.map((v) => `${field} eq ${odataString(v)}`).join(' or ');
      for await (const page of client.list(entity, { filter })) out.push(...page.map(toRecord));
    }
    return out;
  }

  /**
   * Ordered by (lastModifiedDateTime, id) with keyset paging, like `changes`: a record changed
   * while the listing runs moves behind the cursor and is listed (again), so every record changed
   * before the last page is listed and read by id later, and every record changed after it is
   * newer than the token's watermark.
   */
  async function* listIdsWithToken(entity: string) {
    for await (const page of client.changedSince(entity, undefined, {
      select: ['id'],
      pageSize: 20_000,
    })) {
      yield {
        ids: page.records.map((r) => String(r.id ?? '')),
        token:
          page.watermark === undefined
            ? null
            : JSON.stringify({ watermark: page.watermark, ids: page.idsAtWatermark }),
      };
    }
  }

  async function* listValues(entity: string, field: string) {
    for await (const page of client.list(entity, { select: ['id', field], pageSize: 20_000 })) {
      yield page.map((r) => ({ id: String(r.id ?? ''), value: r[field] }));
    }
  }

  function opOf(entity: string, op: WriteOp): BatchOperation {
    switch (op.type) {
      case 'create':
        return erpOps.create(entity, { ...op.values, id: op.id });
      case 'update':
        return erpOps.update(entity, op.id, { ...op.values }, op.etag);
      case 'delete':
        return erpOps.delete(entity, op.id, op.etag);
    }
  }

  async function write(entity: string, ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    if (ops.length === 0) return [];
    try {
      const outcomes = await client.batchAll(
        ops.map((op) => opOf(entity, op)),
        { atomic: false, chunkSize: batchLimit },
      );
      return outcomes.map((o, i) => toWriteOutcome(o, ops[i]?.id ?? '', recordOf));
    } catch (error) {
      const appError = toAppError(error);
      return ops.map(() => ({ ok: false, error: appError }));
    }
  }

  return {
    side: 'erp',
    baseUrl: client.baseUrl,
    batchLimit,
    changes,
    getMany,
    getManyInRange,
    findByField,
    listIds: (entity) => client.listIds(entity),
    listIdsWithToken,
    listValues,
    write,
    planId: () => randomUUID(),
    probe: () => probeApp('ERP', client.baseUrl, () => client.companies()),
  };
}
