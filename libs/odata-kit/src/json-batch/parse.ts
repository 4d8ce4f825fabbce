import { JsonBatchFormatError, type JsonBatchRequestItem } from './types';

const methods = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates a parsed JSON batch body: `{"requests":[{id?, method, url, headers?, body?, dependsOn?}]}`
 * with at most `maxOperations` operations, unique ids, and `dependsOn` naming earlier operations.
 * Throws JsonBatchFormatError with a message fit for the client.
 */
export function parseJsonBatch(
  body: unknown,
  options: { maxOperations: number },
): JsonBatchRequestItem[] {
  if (!isObject(body) || !Array.isArray(body['requests'])) {
    throw new JsonBatchFormatError('The batch body must be a JSON object with a "requests" array.');
  }
  const requests: unknown[] = body['requests'];
  if (requests.length === 0) throw new JsonBatchFormatError('The batch contains no operations.');
  if (requests.length > options.maxOperations) {
    throw new JsonBatchFormatError(
      `The batch contains ${requests.length} operations; the maximum is ${options.maxOperations}.`,
    );
  }
  const seen = new Set<string>();
  return requests.map((raw, index) => {
    const where = `requests[${index}]`;
    if (!isObject(raw)) throw new JsonBatchFormatError(`${where} must be an object.`);
    const { id, method, url, headers, body: opBody, dependsOn, atomicityGroup } = raw;
    if (atomicityGroup !== undefined) {
      throw new JsonBatchFormatError(
        `${where}: atomicityGroup is not supported; send the header "Isolation: snapshot" to make the whole batch atomic.`,
      );
    }
    if (id !== undefined && id !== null && typeof id !== 'string') {
      throw new JsonBatchFormatError(`${where}.id must be a string.`);
    }
    if (typeof id === 'string') {
      if (seen.has(id)) throw new JsonBatchFormatError(`${where}.id '${id}' is used twice.`);
    }
    if (typeof method !== 'string' || !methods.has(method.toUpperCase())) {
      throw new JsonBatchFormatError(
        `${where}.method must be one of GET, POST, PATCH, PUT, DELETE.`,
      );
    }
    if (typeof url !== 'string' || url.trim() === '') {
      throw new JsonBatchFormatError(`${where}.url must be a non-empty string.`);
    }
    const hdrs: Record<string, string> = {};
    if (headers !== undefined && headers !== null) {
      if (!isObject(headers)) throw new JsonBatchFormatError(`${where}.headers must be an object.`);
      for (const [k, v] of Object.entries(headers)) {
        if (typeof v !== 'string')
          throw new JsonBatchFormatError(`${where}.headers.${k} must be a string.`);
        hdrs[k.toLowerCase()] = v;
      }
    }
    const deps: string[] = [];
    if (dependsOn !== undefined && dependsOn !== null) {
      if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string')) {
        throw new JsonBatchFormatError(`${where}.dependsOn must be an array of operation ids.`);
      }
      for (const d of dependsOn as string[]) {
        if (!seen.has(d)) {
          throw new JsonBatchFormatError(
            `${where}.dependsOn names '${d}', which is not an earlier operation.`,
          );
        }
        deps.push(d);
      }
    }
    if (typeof id === 'string') seen.add(id);
    const item: JsonBatchRequestItem = {
      method: method.toUpperCase() as JsonBatchRequestItem['method'],
      url: url.trim(),
      headers: hdrs,
      dependsOn: deps,
    };
    if (typeof id === 'string') item.id = id;
    if (opBody !== undefined && opBody !== null) item.body = opBody;
    return item;
  });
}
