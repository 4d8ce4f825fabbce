import { BadRequestError, MethodNotAllowedError } from '../errors';
import type { WriteContext } from '../services/change-events';
import { batchRoute } from './batch-route';
import { companiesRoute, companyRoute } from './company-routes';
import type { ApiDeps } from './context';
import { collectionRoute, recordRoute } from './entity-routes';
import { metadataXml, serviceDocument } from './metadata';
import { parseTarget } from './paths';
import { errorResponse, jsonResponse } from './responses';
import { subscriptionRoute, subscriptionsRoute } from './subscription-routes';

/**
 * Routes one authorised request under /api/v2.0/. Writes go to `write.db` and are recorded in
 * `write.changes`; batch operations come back through here with the batch's write context.
 */
export function createApiRoutes(deps: ApiDeps, newCorrelationId: () => string) {
  async function dispatch(req: Request, write: WriteContext, inBatch: boolean): Promise<Response> {
    const url = new URL(req.url);
    const r = { req, url, write };
    const target = parseTarget(url.pathname);
    const readOnly = target.kind === 'serviceDocument' || target.kind === 'metadata';
    if (readOnly && req.method !== 'GET' && req.method !== 'HEAD')
      throw new MethodNotAllowedError(req.method, url.pathname);
    switch (target.kind) {
      case 'serviceDocument':
        return jsonResponse(200, serviceDocument(url.origin));
      case 'metadata':
        return new Response(metadataXml(), {
          status: 200,
          headers: { 'content-type': 'application/xml', 'odata-version': '4.0' },
        });
      case 'batch':
        if (inBatch) throw new BadRequestError('A $batch cannot contain another $batch.');
        return batchRoute(deps.db, r, async (sub, scope) => {
          try {
            return await dispatch(sub, scope, true);
          } catch (err) {
            return errorResponse(err, newCorrelationId()).response;
          }
        });
      case 'companies':
        return companiesRoute(r);
      case 'company':
        return companyRoute(deps, r, target.companyId);
      case 'collection':
        return collectionRoute(deps, r, target);
      case 'record':
        return recordRoute(deps, r, target);
      case 'subscriptions':
        if (inBatch) throw new BadRequestError('Subscriptions cannot be managed inside a $batch.');
        return subscriptionsRoute(deps, r);
      case 'subscription':
        if (inBatch) throw new BadRequestError('Subscriptions cannot be managed inside a $batch.');
        return subscriptionRoute(deps, r, target.id);
    }
  }
  return { dispatch: (req: Request, write: WriteContext) => dispatch(req, write, false) };
}
