import { parseIfMatch } from '../domain/etag';
import { MethodNotAllowedError } from '../errors';
import type { ApiDeps, ApiRequest } from './context';
import { readJsonBody } from './entity-routes';
import { apiBase } from './paths';
import { emptyResponse, jsonResponse } from './responses';

export async function subscriptionsRoute(deps: ApiDeps, r: ApiRequest): Promise<Response> {
  const context = `${r.url.origin}${apiBase}/$metadata#subscriptions`;
  switch (r.req.method) {
    case 'GET':
      await deps.subscriptions.purgeExpired();
      return jsonResponse(200, { '@odata.context': context, value: deps.subscriptions.list() });
    case 'POST': {
      const created = await deps.subscriptions.create(await readJsonBody(r.req));
      return jsonResponse(
        201,
        { '@odata.context': `${context}/$entity`, ...created },
        { etag: created['@odata.etag'] },
      );
    }
    default:
      throw new MethodNotAllowedError(r.req.method, r.url.pathname);
  }
}

export async function subscriptionRoute(
  deps: ApiDeps,
  r: ApiRequest,
  id: string,
): Promise<Response> {
  const context = `${r.url.origin}${apiBase}/$metadata#subscriptions/$entity`;
  await deps.subscriptions.purgeExpired();
  switch (r.req.method) {
    case 'GET':
      return jsonResponse(200, { '@odata.context': context, ...deps.subscriptions.get(id) });
    case 'PATCH': {
      const ifMatch = parseIfMatch(r.req.headers.get('if-match'));
      const renewed = await deps.subscriptions.renew(id, await readJsonBody(r.req), ifMatch);
      return jsonResponse(
        200,
        { '@odata.context': context, ...renewed },
        { etag: renewed['@odata.etag'] },
      );
    }
    case 'DELETE':
      await deps.subscriptions.remove(id, parseIfMatch(r.req.headers.get('if-match')));
      return emptyResponse(204);
    default:
      throw new MethodNotAllowedError(r.req.method, r.url.pathname);
  }
}
