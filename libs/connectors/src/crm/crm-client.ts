import { batchAll } from '../batch/batch-all';
import type { BatchOperation, BatchOptions, BatchOutcome } from '../batch/types';
import { ConflictExistsError, NotFoundError } from '../errors';
import type { ConnectorStats } from '../http/metrics';
import { followPages, odataQuery, resolveLink } from '../http/paging';
import type { HttpResponse } from '../http/transport';
import { createTransport, parseJson } from '../http/transport';
import { crmOps } from './crm-ops';
import {
  CRM_BATCH_LIMIT,
  alreadyCreated,
  isCreateOp,
  readCrmBatch,
  writeCrmBatch,
} from './crm-batch';
import type {
  CrmChangePage,
  CrmClientOptions,
  CrmListOptions,
  CrmRecord,
  CrmTrackOptions,
  CrmWriteResult,
} from './crm-types';

const defaultKeys: Record<string, string> = {
  accounts: 'accountid',
  contacts: 'contactid',
  products: 'productid',
};

interface ODataPage {
  value?: CrmRecord[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface CrmClient {
  /** Pages of records following `@odata.nextLink` (`Prefer: odata.maxpagesize`). */
  list(entitySet: string, options?: CrmListOptions): AsyncGenerator<CrmRecord[], void, undefined>;
  /** Change tracking: pages of upserts and tombstones; the last page carries the new delta link. */
  trackChanges(
    entitySet: string,
    options?: CrmTrackOptions,
  ): AsyncGenerator<CrmChangePage, void, undefined>;
  /** The record (with `@odata.etag`) or null when it does not exist. */
  get(entitySet: string, id: string, select?: readonly string[]): Promise<CrmRecord | null>;
  /** Idempotent create of a record with a client-chosen GUID. */
  create(entitySet: string, id: string, values: Record<string, unknown>): Promise<CrmWriteResult>;
  /** Conditional update: throws VersionMismatchError when `etag` is stale. */
  update(
    entitySet: string,
    id: string,
    patch: Record<string, unknown>,
    etag: string,
  ): Promise<CrmWriteResult>;
  /** Conditional delete: throws VersionMismatchError when `etag` is stale, NotFoundError when gone. */
  delete(entitySet: string, id: string, etag: string): Promise<void>;
  /** Up to 1000 operations in one `$batch`: one atomic change set, or independent with continue-on-error. */
  batch(ops: readonly BatchOperation[], options?: BatchOptions): Promise<BatchOutcome[]>;
  /** Any number of operations as several `$batch` calls run side by side (atomic per chunk). */
  batchAll(
    ops: readonly BatchOperation[],
    options?: BatchOptions & { chunkSize?: number },
  ): Promise<BatchOutcome[]>;
  keyOf(entitySet: string): string;
  stats(): ConnectorStats;
  readonly baseUrl: string;
}

/** A client of the Dataverse Web API (v9.2) as the mock imitates it. */
export function createCrmClient(options: CrmClientOptions): CrmClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const pageSize = options.pageSize ?? 5000;
  const keys = { ...defaultKeys, ...options.keys };
  const transport = createTransport({
    token: options.token,
    fetch: options.fetch,
    maxConcurrency: options.maxConcurrency,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    sleep: options.sleep,
    now: options.now,
    random: options.random,
    onEvent: options.onEvent,
    defaultHeaders: { 'OData-Version': '4.0', 'OData-MaxVersion': '4.0' },
  });

  const url = (path: string) => `${baseUrl}/${path}`;
  const selectParam = (select?: readonly string[]) =>
    select && select.length > 0 ? select.join(',') : undefined;

  function keyOf(entitySet: string): string {
    return keys[entitySet] ?? `${entitySet.replace(/s$/, '')}id`;
  }

  async function getPage(
    pageUrl: string,
    prefer: string,
  ): Promise<{ page: ODataPage; next: string | undefined }> {
    const res = await transport.send({ method: 'GET', url: pageUrl, headers: { Prefer: prefer } });
    const page = parseJson<ODataPage>(res);
    const next = page['@odata.nextLink'];
    return { page, next: next === undefined ? undefined : resolveLink(next, baseUrl) };
  }

  async function* list(entitySet: string, opts: CrmListOptions = {}) {
    const first = url(
      entitySet +
        odataQuery({
          $select: selectParam(opts.select),
          $filter: opts.filter,
          $expand: opts.expand,
          $orderby: opts.orderby,
          $top: opts.top,
        }),
    );
    const prefer = `odata.maxpagesize=${opts.pageSize ?? pageSize}`;
    for await (const page of followPages(first, (u) => getPage(u, prefer))) yield page.value ?? [];
  }

  async function* trackChanges(entitySet: string, opts: CrmTrackOptions = {}) {
    const first = opts.deltaLink
      ? resolveLink(opts.deltaLink, baseUrl)
      : url(entitySet + odataQuery({ $select: selectParam(opts.select) }));
    const prefer = `odata.track-changes,odata.maxpagesize=${opts.pageSize ?? pageSize}`;
    for await (const page of followPages(first, (u) => getPage(u, prefer))) {
      const upserts: CrmRecord[] = [];
      const deletions: string[] = [];
      for (const item of page.value ?? []) {
        const context = item['@odata.context'];
        if (typeof context === 'string' && context.endsWith('$deletedEntity')) {
          if (typeof item['id'] === 'string') deletions.push(item['id']);
        } else {
          upserts.push(item);
        }
      }
      const delta = page['@odata.deltaLink'];
      yield {
        upserts,
        deletions,
        deltaLink: delta === undefined ? undefined : resolveLink(delta, baseUrl),
      };
    }
  }

  async function get(
    entitySet: string,
    id: string,
    select?: readonly string[],
  ): Promise<CrmRecord | null> {
    try {
      const res = await transport.send({
        method: 'GET',
        url: url(`${entitySet}(${id})${odataQuery({ $select: selectParam(select) })}`),
      });
      return parseJson<CrmRecord>(res);
    } catch (e) {
      if (e instanceof NotFoundError) return null;
      throw e;
    }
  }

  function written(id: string, res: HttpResponse): CrmWriteResult {
    const record = res.text === '' ? undefined : parseJson<CrmRecord>(res);
    const etag =
      (record?.['@odata.etag'] as string | undefined) ?? res.headers.get('etag') ?? undefined;
    return { id, record, etag, alreadyExisted: false };
  }

  async function create(
    entitySet: string,
    id: string,
    values: Record<string, unknown>,
  ): Promise<CrmWriteResult> {
    try {
      const res = await transport.send({
        method: 'PATCH',
        url: url(`${entitySet}(${id})`),
        headers: {
          'Content-Type': 'application/json',
          'If-None-Match': '*',
          Prefer: 'return=representation',
        },
        body: JSON.stringify(values),
      });
      return written(id, res);
    } catch (e) {
      if (!(e instanceof ConflictExistsError)) throw e;
      // 412: the record with our GUID exists, so an earlier attempt created it.
      const record = await get(entitySet, id);
      if (!record) throw e;
      return {
        id,
        record,
        etag: record['@odata.etag'] as string | undefined,
        alreadyExisted: true,
      };
    }
  }

  async function update(
    entitySet: string,
    id: string,
    patch: Record<string, unknown>,
    etag: string,
  ): Promise<CrmWriteResult> {
    const res = await transport.send({
      method: 'PATCH',
      url: url(`${entitySet}(${id})`),
      headers: {
        'Content-Type': 'application/json',
        'If-Match': etag,
        Prefer: 'return=representation',
      },
      body: JSON.stringify(patch),
    });
    return written(id, res);
  }

  async function remove(entitySet: string, id: string, etag: string): Promise<void> {
    await transport.send({
      method: 'DELETE',
      url: url(`${entitySet}(${id})`),
      headers: { 'If-Match': etag },
    });
  }

  async function batch(
    ops: readonly BatchOperation[],
    batchOptions: BatchOptions = {},
  ): Promise<BatchOutcome[]> {
    if (ops.length === 0) return [];
    if (ops.length > CRM_BATCH_LIMIT) {
      throw new RangeError(
        `A CRM $batch holds at most ${CRM_BATCH_LIMIT} operations, got ${ops.length}`,
      );
    }
    const atomic = batchOptions.atomic ?? true;
    const written = writeCrmBatch(baseUrl, ops, atomic);
    const headers: Record<string, string> = { 'Content-Type': written.contentType };
    if (!atomic) headers['Prefer'] = 'odata.continue-on-error';
    let committedEarlier = false;
    const firstCreate = ops.find(isCreateOp);
    const res = await transport.send({
      method: 'POST',
      url: url('$batch'),
      headers,
      body: written.body,
      // Every operation is guarded (If-None-Match / If-Match), so repeating is safe. For a change set
      // with creates, first check whether the lost attempt committed (all or nothing).
      idempotent: !atomic || !firstCreate,
      recover:
        atomic && firstCreate
          ? async () => {
              const [set, id] = parseEntityUrl(firstCreate.url);
              if (!(await get(set, id, [keyOf(set)]))) return undefined;
              committedEarlier = true;
              return { status: 200, headers: new Headers(), text: '' };
            }
          : undefined,
    });
    if (committedEarlier)
      return ops.map((op) => (isCreateOp(op) ? alreadyCreated(op) : committedUnknown(op)));
    return readCrmBatch(ops, res.headers.get('content-type'), res.text, atomic);
  }

  return {
    list,
    trackChanges,
    get,
    create,
    update,
    delete: remove,
    batch,
    batchAll: (ops, opts) => batchAll(batch, ops, CRM_BATCH_LIMIT, opts),
    keyOf,
    stats: transport.stats,
    baseUrl,
  };
}

function parseEntityUrl(path: string): [string, string] {
  const match = /^\/?([^(]+)\(([^)]+)\)/.exec(path);
  return [match?.[1] ?? '', match?.[2] ?? ''];
}

function committedUnknown(op: BatchOperation): BatchOutcome {
  return {
    ok: true,
    status: 204,
    headers: {},
    body: undefined,
    entityId: /\(([^)]+)\)/.exec(op.url)?.[1],
    etag: undefined,
    alreadyExisted: false,
  };
}

export { crmOps };
