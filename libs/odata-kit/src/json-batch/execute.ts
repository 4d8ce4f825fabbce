import type { JsonBatchRequestItem, JsonBatchResponseItem } from './types';

export interface ExecuteJsonBatchOptions<Scope> {
  /** `Isolation: snapshot`: all operations in one transaction, rolled back if any fails. */
  atomic: boolean;
  /** Runs `fn` in one transaction and rolls it back when `fn` throws. */
  transaction: (fn: (scope: Scope) => Promise<void>) => Promise<void>;
  /** Scope for non-atomic batches: each operation commits on its own. */
  defaultScope: Scope;
  execute: (item: JsonBatchRequestItem, scope: Scope) => Promise<JsonBatchResponseItem>;
  /** Error body for operations that were not run (`{"error":{"code","message"}}`). */
  errorCode?: string;
}

class RollBack extends Error {}

function notRun(item: JsonBatchRequestItem, code: string, message: string): JsonBatchResponseItem {
  return {
    id: item.id ?? null,
    status: 424,
    headers: { 'content-type': 'application/json' },
    body: { error: { code, message } },
  };
}

function notImplemented(item: JsonBatchRequestItem): JsonBatchResponseItem {
  return {
    id: item.id ?? null,
    status: 501,
    headers: { 'content-type': 'application/json' },
    body: {
      error: {
        code: 'NotImplemented',
        message: `References to earlier operations in the URL ('${item.url}') are not implemented; use dependsOn with the record URL instead.`,
      },
    },
  };
}

/**
 * Runs the operations in order. Without isolation each operation stands alone, except that an
 * operation whose `dependsOn` names a failed one is answered 424 without running. With isolation
 * the first failure stops the batch and rolls back everything; operations after it answer 424,
 * the ones before it keep the status they had (as Business Central reports them).
 */
export async function executeJsonBatch<Scope>(
  items: readonly JsonBatchRequestItem[],
  options: ExecuteJsonBatchOptions<Scope>,
): Promise<JsonBatchResponseItem[]> {
  const code = options.errorCode ?? 'FailedDependency';
  const failed = new Set<string>();
  const responses: JsonBatchResponseItem[] = [];

  async function runOne(item: JsonBatchRequestItem, scope: Scope): Promise<JsonBatchResponseItem> {
    const failedDep = item.dependsOn.find((d) => failed.has(d));
    if (failedDep !== undefined) {
      return notRun(
        item,
        code,
        `The operation was not run because operation '${failedDep}' failed.`,
      );
    }
    if (item.url.startsWith('$')) return notImplemented(item);
    return options.execute(item, scope);
  }

  if (!options.atomic) {
    for (const item of items) {
      const response = await runOne(item, options.defaultScope);
      if (response.status >= 400 && item.id !== undefined) failed.add(item.id);
      responses.push(response);
    }
    return responses;
  }

  let failedAt = -1;
  try {
    await options.transaction(async (scope) => {
      for (const [index, item] of items.entries()) {
        const response = await runOne(item, scope);
        responses.push(response);
        if (response.status >= 400) {
          failedAt = index;
          throw new RollBack();
        }
      }
    });
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
  }
  if (failedAt >= 0) {
    const culprit = items[failedAt];
    const name = culprit?.id !== undefined ? `'${culprit.id}'` : `#${failedAt + 1}`;
    for (const item of items.slice(failedAt + 1)) {
      responses.push(
        notRun(
          item,
          code,
          `The operation was not run: operation ${name} of this atomic batch failed and every change was rolled back.`,
        ),
      );
    }
  }
  return responses;
}
