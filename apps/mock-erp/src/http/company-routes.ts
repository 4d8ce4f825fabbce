import { CompanyNotFoundError, MethodNotAllowedError } from '../errors';
import { listCompanies } from '../repositories/companies';
import type { ApiDeps, ApiRequest } from './context';
import { apiBase } from './paths';
import { jsonResponse } from './responses';

export async function companiesRoute(r: ApiRequest): Promise<Response> {
  if (r.req.method !== 'GET') throw new MethodNotAllowedError(r.req.method, r.url.pathname);
  const value = await listCompanies(r.write.db);
  return jsonResponse(200, {
    '@odata.context': `${r.url.origin}${apiBase}/$metadata#companies`,
    value,
  });
}

export async function companyRoute(
  deps: ApiDeps,
  r: ApiRequest,
  companyId: string,
): Promise<Response> {
  if (r.req.method !== 'GET') throw new MethodNotAllowedError(r.req.method, r.url.pathname);
  const company = await deps.findCompany(r.write.db, companyId);
  if (!company) throw new CompanyNotFoundError(companyId);
  return jsonResponse(200, {
    '@odata.context': `${r.url.origin}${apiBase}/$metadata#companies/$entity`,
    ...company,
  });
}
