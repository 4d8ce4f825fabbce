import type { BatchOperation, BatchOptions, BatchOutcome } from './types';

/**
 * Splits any number of operations into `$batch` calls of at most `limit` and runs them side by
 * side (the client's concurrency limit bounds how many are on the wire). Outcomes come back in
 * the order of `ops`. Atomicity, when asked for, holds per chunk only.
 */
export async function batchAll(
  send: (ops: readonly BatchOperation[], options: BatchOptions) => Promise<BatchOutcome[]>,
  ops: readonly BatchOperation[],
  limit: number,
  options: BatchOptions & { chunkSize?: number | undefined } = {},
): Promise<BatchOutcome[]> {
  const size = Math.max(1, Math.min(limit, options.chunkSize ?? limit));
  const chunks: BatchOperation[][] = [];
  for (let i = 0; i < ops.length; i += size) chunks.push(ops.slice(i, i + size));
  const results = await Promise.all(chunks.map((chunk) => send(chunk, { atomic: options.atomic })));
  return results.flat();
}
