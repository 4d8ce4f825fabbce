import type { BatchOperation, BatchOutcome } from '../batch/types';
import { idFromEntityUrl } from '../batch/types';
import { ConflictExistsError, RolledBackError } from '../errors';
import { mapHttpError } from '../http/error-mapping';

export const ERP_BATCH_LIMIT = 100;

interface JsonBatchResponse {
  id?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The JSON `$batch` body: `{"requests":[{"id","method","url","headers","body"}]}`. */
export function writeErpBatch(companyPath: string, ops: readonly BatchOperation[]): string {
  return JSON.stringify({
    requests: ops.map((op, index) => ({
      id: String(index + 1),
      method: op.method,
      url: `${companyPath}/${op.url.replace(/^\/+/, '')}`,
      headers:
        op.body === undefined
          ? { ...op.headers }
          : { 'Content-Type': 'application/json', ...op.headers },
      ...(op.body === undefined ? {} : { body: op.body }),
    })),
  });
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function outcomeOf(
  op: BatchOperation,
  res: JsonBatchResponse,
  tolerateExisting: boolean,
): BatchOutcome {
  const status = res.status ?? 0;
  const headers = lowerKeys(res.headers);
  if (status >= 200 && status < 300) {
    const body = res.body as Record<string, unknown> | undefined;
    const bodyId = typeof body?.['id'] === 'string' ? body['id'] : undefined;
    const bodyEtag = typeof body?.['@odata.etag'] === 'string' ? body['@odata.etag'] : undefined;
    return {
      ok: true,
      status,
      headers,
      body: res.body,
      entityId: bodyId ?? idFromEntityUrl(headers['location']) ?? idFromEntityUrl(op.url),
      etag: bodyEtag ?? headers['etag'],
      alreadyExisted: false,
    };
  }
  const error = mapHttpError({
    status,
    body: res.body,
    retryAfterMs: undefined,
    createOnly: false,
  });
  if (tolerateExisting && op.method === 'POST' && error instanceof ConflictExistsError) {
    return {
      ok: true,
      status,
      headers,
      body: undefined,
      entityId: undefined,
      etag: undefined,
      alreadyExisted: true,
    };
  }
  return { ok: false, status, error };
}

export function readErpBatch(
  ops: readonly BatchOperation[],
  body: unknown,
  atomic: boolean,
): BatchOutcome[] {
  const responses = (body as { responses?: JsonBatchResponse[] } | undefined)?.responses ?? [];
  const byId = new Map(responses.map((r) => [String(r.id), r]));
  const outcomes = ops.map((op, index): BatchOutcome => {
    const res = byId.get(String(index + 1));
    if (!res) {
      return {
        ok: false,
        status: 0,
        error: new RolledBackError({
          status: 0,
          code: 'NotExecuted',
          message: 'The service did not execute this operation',
        }),
      };
    }
    return outcomeOf(op, res, !atomic);
  });
  if (!atomic) return outcomes;
  const failure = outcomes.find((o) => !o.ok && !(o.error instanceof RolledBackError));
  if (!failure || failure.ok) return outcomes;
  return outcomes.map((o) =>
    o.ok || o.error instanceof RolledBackError
      ? {
          ok: false,
          status: failure.status,
          error: new RolledBackError({
            status: failure.status,
            code: failure.error.code || 'RolledBack',
            message: `Rolled back with its batch: ${failure.error.message}`,
            cause: failure.error,
          }),
        }
      : o,
  );
}
