import { batchAll } from '../batch/batch-all';
import type { BatchOperation, BatchOptions, BatchOutcome } from '../batch/types';
import { ConflictExistsError, NotFoundError, ValidationError } from '../errors';
import type { ConnectorStats } from '../http/metrics';
import { followPages, odataQuery, odataString, resolveLink } from '../http/paging';
import type { HttpResponse } from '../http/transport';
import { createTransport, parseJson } from '../http/transport';
import { ERP_BATCH_LIMIT, readErpBatch, writeErpBatch } from './erp-batch';
import type {
  ErpChangeOptions,
  ErpChangePage,
  ErpClientOptions,
  ErpCompany,
  ErpListOptions,
  ErpRecord,
  ErpSubscription,
  ErpWriteResult,
} from './erp-types';

interface ODataPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

export interface ErpSubscribeInput {
  notificationUrl: string;
  /** Full resource path, or just an entity (`customers`) of the client's company. */
  resource: string;
  clientState?: string | undefined;
}

export interface ErpClient {
  companies(): Promise<ErpCompany[]>;
  /** The company in use (resolved on first use when not configured). */
  companyId(): Promise<string>;
  list(entity: string, options?: ErpListOptions): AsyncGenerator<ErpRecord[], void, undefined>;
  /** Records changed at or after `watermark`, ordered by (lastModifiedDateTime, id), page by page. */
  changedSince(
    entity: string,
    watermark: string | undefined,
    options?: ErpChangeOptions,
  ): AsyncGenerator<ErpChangePage, void, undefined>;
  /** Pages of ids only (`$select=id`), for a reconcile sweep that finds deletions. */
  listIds(
    entity: string,
    options?: { pageSize?: number },
  ): AsyncGenerator<string[], void, undefined>;
  get(entity: string, id: string): Promise<ErpRecord | null>;
  findByNumber(entity: string, number: string): Promise<ErpRecord | null>;
  /** Idempotent create when `values.number` is set: a repeat finds the record instead of duplicating it. */
  create(entity: string, values: Record<string, unknown>): Promise<ErpWriteResult>;
  update(
    entity: string,
    id: string,
    patch: Record<string, unknown>,
    etag: string,
  ): Promise<ErpWriteResult>;
  delete(entity: string, id: string, etag: string): Promise<void>;
  /** Up to 100 operations in one JSON `$batch`; atomic (`Isolation: snapshot`) by default. */
  batch(ops: readonly BatchOperation[], options?: BatchOptions): Promise<BatchOutcome[]>;
  /** Any number of operations as several `$batch` calls run side by side (atomic per chunk). */
  batchAll(
    ops: readonly BatchOperation[],
    options?: BatchOptions & { chunkSize?: number },
  ): Promise<BatchOutcome[]>;
  subscribe(input: ErpSubscribeInput): Promise<ErpSubscription>;
  renew(
    subscription: Pick<ErpSubscription, 'subscriptionId'> & { '@odata.etag'?: string },
  ): Promise<ErpSubscription>;
  unsubscribe(
    subscription: Pick<ErpSubscription, 'subscriptionId'> & { '@odata.etag'?: string },
  ): Promise<void>;
  stats(): ConnectorStats;
  readonly baseUrl: string;
}

/** A client of the Business Central API v2.0 as the mock imitates it. */
export function createErpClient(options: ErpClientOptions): ErpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const pageSize = options.pageSize ?? 5000;
  const transport = createTransport({
    token: options.token,
    fetch: options.fetch,
    maxConcurrency: options.maxConcurrency ?? 5,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    sleep: options.sleep,
    now: options.now,
    random: options.random,
    onEvent: options.onEvent,
  });
  let company: Promise<string> | undefined =
    options.companyId === undefined ? undefined : Promise.resolve(options.companyId);

  const json = { 'Content-Type': 'application/json' };

  async function companies(): Promise<ErpCompany[]> {
    const res = await transport.send({ method: 'GET', url: `${baseUrl}/companies` });
    return parseJson<ODataPage<ErpCompany>>(res).value ?? [];
  }

  function companyId(): Promise<string> {
    company ??= companies().then((all) => {
      const first = all[0];
      if (!first) {
        company = undefined;
        throw new NotFoundError({
          status: 404,
          code: 'NoCompany',
          message: 'The service has no company',
        });
      }
      return first.id;
    });
    return company;
  }

  const companyPath = async () => `companies(${await companyId()})`;
  const entityUrl = async (path: string) => `${baseUrl}/${await companyPath()}/${path}`;

  async function getPage<T>(pageUrl: string, prefer: string) {
    const res = await transport.send({ method: 'GET', url: pageUrl, headers: { Prefer: prefer } });
    const page = parseJson<ODataPage<T>>(res);
    const next = page['@odata.nextLink'];
    return { page, next: next === undefined ? undefined : resolveLink(next, baseUrl) };
  }

  async function* list(entity: string, opts: ErpListOptions = {}) {
    const first = await entityUrl(
      entity +
        odataQuery({
          $filter: opts.filter,
          $select: opts.select?.join(','),
          $orderby: opts.orderby,
          $expand: opts.expand,
          $top: opts.top,
        }),
    );
    const prefer = `odata.maxpagesize=${opts.pageSize ?? pageSize}`;
    for await (const page of followPages(first, (u) => getPage<ErpRecord>(u, prefer)))
      yield page.value ?? [];
  }

  async function* changedSince(
    entity: string,
    watermark: string | undefined,
    opts: ErpChangeOptions = {},
  ) {
    let current = watermark;
    // Ids already handed out at exactly `current`: skipped when the overlap delivers them again.
    let atCurrent = new Set(opts.seenAtWatermark ?? []);
    const seen = new Set<string>();
    const select =
      opts.select && !opts.select.includes('lastModifiedDateTime')
        ? [...opts.select, 'id', 'lastModifiedDateTime']
        : opts.select;
    const pages = list(entity, {
      filter: watermark === undefined ? undefined : `lastModifiedDateTime ge ${watermark}`,
      orderby: 'lastModifiedDateTime,id',
      select,
      pageSize: opts.pageSize,
    });
    for await (const page of pages) {
      const records: ErpRecord[] = [];
      for (const record of page) {
        const id = record.id ?? '';
        const modified = record.lastModifiedDateTime;
        if (seen.has(id)) continue;
        if (modified !== undefined && modified === watermark && atCurrent.has(id)) continue;
        seen.add(id);
        records.push(record);
        if (modified === undefined) continue;
        if (current === undefined || modified > current) {
          current = modified;
          atCurrent = new Set([id]);
        } else if (modified === current) {
          atCurrent.add(id);
        }
      }
      yield { records, watermark: current, idsAtWatermark: [...atCurrent] };
    }
  }

  async function* listIds(entity: string, opts: { pageSize?: number } = {}) {
    for await (const page of list(entity, { select: ['id'], pageSize: opts.pageSize ?? 20_000 })) {
      yield page.map((r) => r.id ?? '');
    }
  }

  async function get(entity: string, id: string): Promise<ErpRecord | null> {
    try {
      return parseJson<ErpRecord>(
        await transport.send({ method: 'GET', url: await entityUrl(`${entity}(${id})`) }),
      );
    } catch (e) {
      if (e instanceof NotFoundError) return null;
      throw e;
    }
  }

  async function findByNumber(entity: string, number: string): Promise<ErpRecord | null> {
    for await (const page of list(entity, { filter: `number eq ${odataString(number)}`, top: 1 })) {
      return page[0] ?? null;
    }
    return null;
  }

  function written(res: HttpResponse, alreadyExisted = false): ErpWriteResult {
    const record = parseJson<ErpRecord>(res);
    return { id: record.id ?? '', record, etag: etagOf(record), alreadyExisted };
  }

  async function create(entity: string, values: Record<string, unknown>): Promise<ErpWriteResult> {
    const number =
      typeof values['number'] === 'string' && values['number'] !== ''
        ? values['number']
        : undefined;
    let recovered: ErpRecord | undefined;
    const lookup = async () => (number === undefined ? null : findByNumber(entity, number));
    try {
      const res = await transport.send({
        method: 'POST',
        url: await entityUrl(entity),
        headers: json,
        body: JSON.stringify(values),
        recover:
          number === undefined
            ? undefined
            : async () => {
                const found = await lookup();
                if (!found) return undefined;
                recovered = found;
                return { status: 200, headers: new Headers(), text: '' };
              },
      });
      if (recovered)
        return {
          id: recovered.id ?? '',
          record: recovered,
          etag: etagOf(recovered),
          alreadyExisted: true,
        };
      return written(res);
    } catch (e) {
      if (!(e instanceof ConflictExistsError)) throw e;
      const found = await lookup();
      if (!found) throw e;
      return { id: found.id ?? '', record: found, etag: etagOf(found), alreadyExisted: true };
    }
  }

  async function update(entity: string, id: string, patch: Record<string, unknown>, etag: string) {
    const res = await transport.send({
      method: 'PATCH',
      url: await entityUrl(`${entity}(${id})`),
      headers: { ...json, 'If-Match': etag },
      body: JSON.stringify(patch),
    });
    return written(res);
  }

  async function remove(entity: string, id: string, etag: string): Promise<void> {
    await transport.send({
      method: 'DELETE',
      url: await entityUrl(`${entity}(${id})`),
      headers: { 'If-Match': etag },
    });
  }

  async function batch(
    ops: readonly BatchOperation[],
    batchOptions: BatchOptions = {},
  ): Promise<BatchOutcome[]> {
    if (ops.length === 0) return [];
    if (ops.length > ERP_BATCH_LIMIT) {
      throw new RangeError(
        `An ERP $batch holds at most ${ERP_BATCH_LIMIT} operations, got ${ops.length}`,
      );
    }
    const atomic = batchOptions.atomic ?? true;
    const headers: Record<string, string> = { ...json };
    if (atomic) headers['Isolation'] = 'snapshot';
    const creates = ops.filter((op) => op.method === 'POST');
    const numbered = creates.every(
      (op) => typeof (op.body as Record<string, unknown> | undefined)?.['number'] === 'string',
    );
    let committedEarlier = false;
    const firstCreate = creates[0];
    const res = await transport.send({
      method: 'POST',
      url: `${baseUrl}/$batch`,
      headers,
      body: writeErpBatch(await companyPath(), ops),
      // Updates and deletes are guarded by If-Match and creates by their number: repeating is safe.
      idempotent: numbered && (!atomic || !firstCreate),
      recover:
        atomic && firstCreate && numbered
          ? async () => {
              const number = (firstCreate.body as Record<string, string>)['number'] ?? '';
              if (!(await findByNumber(firstCreate.url, number))) return undefined;
              committedEarlier = true;
              return { status: 200, headers: new Headers(), text: '' };
            }
          : undefined,
    });
    if (committedEarlier) {
      return ops.map((op) => ({
        ok: true,
        status: 200,
        headers: {},
        body: undefined,
        entityId: /\(([^)]+)\)/.exec(op.url)?.[1],
        etag: undefined,
        alreadyExisted: op.method === 'POST',
      }));
    }
    return readErpBatch(ops, parseJson<unknown>(res), atomic);
  }

  function subscriptionUrl(id: string) {
    return `${baseUrl}/subscriptions(${odataString(id)})`;
  }

  function requireEtag(s: { '@odata.etag'?: string }): string {
    const etag = s['@odata.etag'];
    if (!etag)
      throw new ValidationError({
        status: 0,
        code: 'MissingEtag',
        message: 'The subscription has no @odata.etag',
      });
    return etag;
  }

  async function subscribe(input: ErpSubscribeInput): Promise<ErpSubscription> {
    const resource = input.resource.includes('/')
      ? input.resource
      : `${new URL(baseUrl).pathname}/${await companyPath()}/${input.resource}`;
    const res = await transport.send({
      method: 'POST',
      url: `${baseUrl}/subscriptions`,
      headers: json,
      body: JSON.stringify({
        notificationUrl: input.notificationUrl,
        resource,
        clientState: input.clientState ?? '',
      }),
    });
    return parseJson<ErpSubscription>(res);
  }

  async function renew(s: Pick<ErpSubscription, 'subscriptionId'> & { '@odata.etag'?: string }) {
    const res = await transport.send({
      method: 'PATCH',
      url: subscriptionUrl(s.subscriptionId),
      headers: { ...json, 'If-Match': requireEtag(s) },
      body: '{}',
    });
    return parseJson<ErpSubscription>(res);
  }

  async function unsubscribe(
    s: Pick<ErpSubscription, 'subscriptionId'> & { '@odata.etag'?: string },
  ) {
    await transport.send({
      method: 'DELETE',
      url: subscriptionUrl(s.subscriptionId),
      headers: { 'If-Match': requireEtag(s) },
    });
  }

  return {
    companies,
    companyId,
    list,
    changedSince,
    listIds,
    get,
    findByNumber,
    create,
    update,
    delete: remove,
    batch,
    batchAll: (ops, opts) => batchAll(batch, ops, ERP_BATCH_LIMIT, opts),
    subscribe,
    renew,
    unsubscribe,
    stats: transport.stats,
    baseUrl,
  };
}

export function etagOf(record: Record<string, unknown> | null | undefined): string | undefined {
  const etag = record?.['@odata.etag'];
  return typeof etag === 'string' ? etag : undefined;
}
