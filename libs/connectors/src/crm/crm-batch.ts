import { randomUUID } from 'node:crypto';
import type { BatchOperation, BatchOutcome } from '../batch/types';
import { idFromEntityUrl } from '../batch/types';
import type { ConnectorError } from '../errors';
import { ConflictExistsError, RolledBackError, TransportError } from '../errors';
import { mapHttpError } from '../http/error-mapping';
import type { HttpPartResponse } from './multipart';
import { boundaryOf, readBatchResponse, writeBatch } from './multipart';
import { parseMaybeJson } from '../http/transport';

export const CRM_BATCH_LIMIT = 1000;

export interface WrittenCrmBatch {
  body: string;
  contentType: string;
}

export function writeCrmBatch(
  baseUrl: string,
  ops: readonly BatchOperation[],
  atomic: boolean,
): WrittenCrmBatch {
  const batchBoundary = `batch_${randomUUID()}`;
  const changeSet = atomic ? `changeset_${randomUUID()}` : undefined;
  const root = baseUrl.replace(/\/+$/, '');
  const requests = ops.map((op, index) => ({
    method: op.method,
    url: `${root}/${op.url.replace(/^\/+/, '')}`,
    headers: { ...op.headers },
    body: op.body === undefined ? undefined : JSON.stringify(op.body),
    contentId: String(index + 1),
  }));
  return {
    body: writeBatch(batchBoundary, requests, changeSet),
    contentType: `multipart/mixed; boundary=${batchBoundary}`,
  };
}

export function isCreateOp(op: BatchOperation): boolean {
  return op.method === 'PATCH' && op.headers?.['If-None-Match'] === '*';
}

function outcomeOf(
  op: BatchOperation,
  res: HttpPartResponse,
  tolerateExisting = true,
): BatchOutcome {
  const body = parseMaybeJson(res.body);
  if (res.status >= 200 && res.status < 300) {
    const etagInBody =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)['@odata.etag']
        : undefined;
    return {
      ok: true,
      status: res.status,
      headers: res.headers,
      body,
      entityId:
        idFromEntityUrl(res.headers['odata-entityid'] ?? res.headers['location']) ??
        idFromEntityUrl(op.url),
      etag: res.headers['etag'] ?? (typeof etagInBody === 'string' ? etagInBody : undefined),
      alreadyExisted: false,
    };
  }
  const error = mapHttpError({
    status: res.status,
    body,
    retryAfterMs: undefined,
    createOnly: isCreateOp(op),
  });
  if (tolerateExisting && error instanceof ConflictExistsError && isCreateOp(op))
    return alreadyCreated(op);
  return { ok: false, status: res.status, error };
}

/** A guarded create whose record is already there: the earlier attempt made it. */
export function alreadyCreated(op: BatchOperation): BatchOutcome {
  return {
    ok: true,
    status: 412,
    headers: {},
    body: undefined,
    entityId: idFromEntityUrl(op.url),
    etag: undefined,
    alreadyExisted: true,
  };
}

/** Maps the HTTP responses of a `$batch` back onto the operations that were sent. */
export function readCrmBatch(
  ops: readonly BatchOperation[],
  contentType: string | null,
  text: string,
  atomic: boolean,
): BatchOutcome[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) {
    throw new TransportError({
      status: 200,
      code: 'InvalidBatch',
      message: 'Batch response has no boundary',
    });
  }
  const responses = readBatchResponse(text, boundary);
  if (atomic) return readAtomic(ops, responses);
  return ops.map((op, index): BatchOutcome => {
    const res = responses[index];
    if (res) return outcomeOf(op, res);
    return {
      ok: false,
      status: 0,
      error: new RolledBackError({
        status: 0,
        code: 'NotExecuted',
        message: 'The service did not execute this operation',
      }),
    };
  });
}

function readAtomic(ops: readonly BatchOperation[], responses: HttpPartResponse[]): BatchOutcome[] {
  const failed = responses.find((r) => r.status >= 400);
  if (!failed) return ops.map((op, index) => outcomeOf(op, responses[index] ?? missing()));
  const failedIndex =
    failed.contentId !== undefined ? Number(failed.contentId) - 1 : ops.length === 1 ? 0 : -1;
  const failedOp = ops[failedIndex];
  const cause = failedOp
    ? outcomeOf(failedOp, failed, false)
    : ({
        ok: false,
        status: failed.status,
        error: mapHttpError({
          status: failed.status,
          body: parseMaybeJson(failed.body),
          retryAfterMs: undefined,
          createOnly: false,
        }),
      } as const);
  const causeError: ConnectorError | undefined = cause.ok ? undefined : cause.error;
  return ops.map((_op, index): BatchOutcome => {
    if (index === failedIndex && causeError)
      return { ok: false, status: failed.status, error: causeError };
    return {
      ok: false,
      status: failed.status,
      error: new RolledBackError({
        status: failed.status,
        code: causeError?.code ?? 'RolledBack',
        message: `Rolled back with its change set: ${causeError?.message ?? failed.body.slice(0, 200)}`,
        cause: causeError,
      }),
    };
  });
}

function missing(): HttpPartResponse {
  return { status: 0, headers: {}, body: '', contentId: undefined };
}
