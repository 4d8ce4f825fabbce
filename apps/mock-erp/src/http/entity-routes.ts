import { entitySets, type EntitySetName } from '../domain/entity-sets';
import { parseIfMatch } from '../domain/etag';
import { CompanyNotFoundError, BadRequestError, MethodNotAllowedError } from '../errors';
import type { ApiDeps, ApiRequest } from './context';
import { apiBase } from './paths';
import { emptyResponse, jsonResponse } from './responses';

export async function readJsonBody(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === '')
    throw new BadRequestError('The request body is empty; a JSON object is expected.');
  return JSON.parse(text) as unknown;
}

/** Resolves the company of an entity URL: from `companies(<id>)`, or the `company` option/header. */
export async function resolveCompany(
  deps: ApiDeps,
  r: ApiRequest,
  companyId: string | undefined,
): Promise<string> {
  const named =
    companyId ?? r.url.searchParams.get('company') ?? r.req.headers.get('company') ?? undefined;
  if (named === undefined) {
    throw new BadRequestError(
      'No company was specified. Use companies(<id>)/... or the company query option.',
      'BadRequest_CompanyNotSpecified',
    );
  }
  const company = await deps.findCompany(r.write.db, named);
  if (!company) throw new CompanyNotFoundError(named);
  return company.id;
}

function contextUrl(r: ApiRequest, companyId: string, set: string, entity: boolean): string {
  return `${r.url.origin}${apiBase}/$metadata#companies(${companyId})/${set}${entity ? '/$entity' : ''}`;
}

export async function collectionRoute(
  deps: ApiDeps,
  r: ApiRequest,
  target: { companyId: string | undefined; entitySet: EntitySetName; count: boolean },
): Promise<Response> {
  const spec = entitySets[target.entitySet];
  const companyId = await resolveCompany(deps, r, target.companyId);
  switch (r.req.method) {
    case 'GET': {
      const page = await deps.listRecords(r.write.db, {
        spec,
        companyId,
        url: r.url,
        prefer: r.req.headers.get('prefer'),
        countOnly: target.count,
      });
      if (page.kind === 'count') {
        return new Response(String(page.count), {
          status: 200,
          headers: { 'content-type': 'text/plain', 'odata-version': '4.0' },
        });
      }
      if (page.kind !== 'page') throw new Error('collection listing expected');
      const body: Record<string, unknown> = {
        '@odata.context': contextUrl(r, companyId, spec.name, false),
      };
      if (page.count !== undefined) body['@odata.count'] = page.count;
      body['value'] = page.value;
      if (page.nextLink !== undefined) body['@odata.nextLink'] = page.nextLink;
      return jsonResponse(
        200,
        body,
        page.preferenceApplied ? { 'preference-applied': page.preferenceApplied } : {},
      );
    }
    case 'POST': {
      const record = await deps.records.create(r.write, spec, companyId, await readJsonBody(r.req));
      const location = `${r.url.origin}${apiBase}/companies(${companyId})/${spec.name}(${String(record['id'])})`;
      return jsonResponse(
        201,
        { '@odata.context': contextUrl(r, companyId, spec.name, true), ...record },
        { location, etag: record['@odata.etag'] },
      );
    }
    default:
      throw new MethodNotAllowedError(r.req.method, r.url.pathname);
  }
}

export async function recordRoute(
  deps: ApiDeps,
  r: ApiRequest,
  target: { companyId: string | undefined; entitySet: EntitySetName; id: string },
): Promise<Response> {
  const spec = entitySets[target.entitySet];
  const companyId = await resolveCompany(deps, r, target.companyId);
  const context = contextUrl(r, companyId, spec.name, true);
  switch (r.req.method) {
    case 'GET': {
      const one = await deps.listRecords(r.write.db, {
        spec,
        companyId,
        url: r.url,
        prefer: null,
        countOnly: false,
        id: target.id,
      });
      if (one.kind !== 'single') throw new Error('single-record listing expected');
      return jsonResponse(
        200,
        { '@odata.context': context, ...one.value },
        { etag: String(one.value['@odata.etag']) },
      );
    }
    case 'PATCH': {
      const ifMatch = parseIfMatch(r.req.headers.get('if-match'));
      const body = await readJsonBody(r.req);
      const record = await deps.records.update(r.write, spec, companyId, target.id, body, ifMatch);
      return jsonResponse(
        200,
        { '@odata.context': context, ...record },
        { etag: record['@odata.etag'] },
      );
    }
    case 'DELETE': {
      await deps.records.remove(
        r.write,
        spec,
        companyId,
        target.id,
        parseIfMatch(r.req.headers.get('if-match')),
      );
      return emptyResponse(204);
    }
    default:
      throw new MethodNotAllowedError(r.req.method, r.url.pathname);
  }
}
