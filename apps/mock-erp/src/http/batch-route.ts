import {
  executeJsonBatch,
  fromSubResponse,
  isAtomicBatch,
  jsonBatchResponse,
  parseJsonBatch,
  toSubRequest,
} from '@twinsync/odata-kit';
import type { Knex } from 'knex';
import { MethodNotAllowedError } from '../errors';
import type { ChangeEvent, WriteContext } from '../services/change-events';
import type { ApiRequest } from './context';
import { readJsonBody } from './entity-routes';
import { apiBase } from './paths';

export const maxBatchOperations = 100;

/** Runs one operation of a batch through the normal API routes, writing into `write`. */
export type DispatchOperation = (req: Request, write: WriteContext) => Promise<Response>;

/**
 * `POST /api/v2.0/$batch` with a JSON body. Without `Isolation: snapshot` every operation commits on
 * its own; with it, all run in one transaction that is rolled back if any operation fails. Change
 * notifications are released only for what was committed.
 */
export async function batchRoute(
  db: Knex,
  r: ApiRequest,
  dispatch: DispatchOperation,
): Promise<Response> {
  if (r.req.method !== 'POST') throw new MethodNotAllowedError(r.req.method, r.url.pathname);
  const items = parseJsonBatch(await readJsonBody(r.req), { maxOperations: maxBatchOperations });
  const serviceRoot = new URL(`${apiBase}/`, r.url.origin);
  const atomic = isAtomicBatch(r.req.headers);
  const responses = await executeJsonBatch<WriteContext>(items, {
    atomic,
    defaultScope: r.write,
    errorCode: 'BadRequest_FailedDependency',
    transaction: async (fn) => {
      const changes: ChangeEvent[] = [];
      await db.transaction(async (trx: Knex.Transaction) => {
        await fn({ db: trx, changes });
      });
      // Reached only when the transaction committed.
      r.write.changes.push(...changes);
    },
    execute: async (item, scope) =>
      fromSubResponse(item, await dispatch(toSubRequest(item, serviceRoot, r.req), scope)),
  });
  return jsonBatchResponse(responses);
}
