import { classifyError, type BatchOutcome } from '@twinsync/connectors';
import type { AppError, AppRecord, WriteOutcome } from '../ports';

/** Any thrown value as the engine's AppError (connector errors keep their kind and transience). */
export function toAppError(error: unknown): AppError {
  const c = classifyError(error);
  return {
    kind: c.kind,
    transient: c.transient,
    status: c.status,
    code: c.code,
    message: c.message,
  };
}

/** Thrown by an adapter when a whole request failed; carries the classified error. */
export class AppRequestError extends Error {
  override readonly name = 'AppRequestError';
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}

export function toWriteOutcome(
  outcome: BatchOutcome,
  plannedId: string,
  recordOf: (body: unknown) => AppRecord | null,
): WriteOutcome {
  if (!outcome.ok) return { ok: false, error: toAppError(outcome.error) };
  const record = recordOf(outcome.body);
  return {
    ok: true,
    id: record?.id ?? outcome.entityId ?? plannedId,
    record,
    alreadyExisted: outcome.alreadyExisted,
  };
}

/** Splits `items` into chunks of at most `size`. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
