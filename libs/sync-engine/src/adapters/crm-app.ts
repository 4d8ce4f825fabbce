import { randomUUID } from 'node:crypto';
import { uuidV7 } from '@twinsync/sync-store';
import {
  CRM_BATCH_LIMIT,
  crmOps,
  odataString,
  type BatchOperation,
  type CrmClient,
  type CrmRecord,
} from '@twinsync/connectors';
import type { AppPort, AppRecord, ChangePage, WriteOp, WriteOutcome } from '../ports';
import { AppRequestError, chunksOf, toAppError, toWriteOutcome } from './app-errors';
import { probeApp } from './probe';

/** How many values one `$filter` of `or`-ed equalities carries (keeps URLs short). */
const filterChunk = 50;

/** The CRM (Dataverse) as an AppPort, on the connectors' CrmClient. */
export function createCrmApp(client: CrmClient, options: { batchLimit?: number } = {}): AppPort {
  const batchLimit = Math.min(options.batchLimit ?? CRM_BATCH_LIMIT, CRM_BATCH_LIMIT);

  function toRecord(entity: string, raw: CrmRecord): AppRecord {
    const key = raw[client.keyOf(entity)];
    const id = typeof key === 'string' ? key : '';
    const etag = raw['@odata.etag'];
    return { id, etag: typeof etag === 'string' ? etag : '', raw };
  }
  const recordOf = (entity: string) => (body: unknown) =>
    body !== null && typeof body === 'object' ? toRecord(entity, body as CrmRecord) : null;

  async function* changes(entity: string, token: string | null): AsyncGenerator<ChangePage> {
    for await (const page of client.trackChanges(entity, {
      deltaLink: token ?? undefined,
    })) {
      yield {
        upserts: page.upserts.map((r) => toRecord(entity, r)),
        deletions: page.deletions,
        token: page.deltaLink,
      };
    }
  }

  async function getMany(entity: string, ids: readonly string[]) {
    const found = new Map<string, AppRecord>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    const outcomes = await client.batchAll(
      unique.map((id) => crmOps.get(entity, id)),
      { atomic: false, chunkSize: batchLimit },
    );
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) {
        const record = recordOf(entity)(outcome.body);
        if (record) found.set(record.id || (unique[index] ?? ''), record);
      } else if (outcome.error.kind !== 'not-found') {
        throw new AppRequestError(toAppError(outcome.error));
      }
    });
    return found;
  }

  async function findByField(entity: string, field: string, values: readonly string[]) {
    const out: AppRecord[] = [];
    for (const part of chunksOf([...new Set(values)].filter(Boolean), filterChunk)) {
      const filter = part.map((v) => `${field} eq ${odataString(v)}`).join(' or ');
      for await (const page of client.list(entity, { filter })) {
        out.push(...page.map((r) => toRecord(entity, r)));
      }
    }
    return out;
  }

  async function* listIds(entity: string): AsyncGenerator<string[]> {
    const key = client.keyOf(entity);
    for await (const page of client.list(entity, { select: [key] })) {
      yield page.map((r) => (typeof r[key] === 'string' ? r[key] : ''));
    }
  }

  async function* listValues(entity: string, field: string) {
    const key = client.keyOf(entity);
    for await (const page of client.list(entity, { select: [key, field] })) {
      yield page.map((r) => ({ id: typeof r[key] === 'string' ? r[key] : '', value: r[field] }));
    }
  }

  function opOf(entity: string, op: WriteOp): BatchOperation {
    const representation = { Prefer: 'return=representation' };
    switch (op.type) {
      case 'create':
        // No representation: half the service's work per create. The new version is learnt from
        // the change feed that reads the record back (see alreadyHandled in jobs/run-sync-job.ts).
        return crmOps.create(entity, op.id, { ...op.values });
      case 'update': {
        const built = crmOps.update(entity, op.id, { ...op.values }, op.etag);
        return { ...built, headers: { ...built.headers, ...representation } };
      }
      case 'delete':
        return crmOps.delete(entity, op.id, op.etag);
    }
  }

  async function write(entity: string, ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    if (ops.length === 0) return [];
    try {
      const outcomes = await client.batchAll(
        ops.map((op) => opOf(entity, op)),
        { atomic: false, chunkSize: batchLimit },
      );
      return outcomes.map((o, i) => toWriteOutcome(o, ops[i]?.id ?? '', recordOf(entity)));
    } catch (error) {
      const appError = toAppError(error);
      return ops.map(() => ({ ok: false, error: appError }));
    }
  }

  return {
    side: 'crm',
    baseUrl: client.baseUrl,
    batchLimit,
    changes,
    getMany,
    findByField,
    listIds,
    listValues,
    write,
    // Time-ordered GUIDs: the records we create (and their couplings' crm_id) land at the end of
    // the indexes instead of at random places (ADR 016).
    planId: () => uuidV7(Date.now()),
    probe: () => probeApp('CRM', client.baseUrl, () => client.get('accounts', randomUUID())),
  };
}
