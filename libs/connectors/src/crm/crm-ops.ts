import type { BatchOperation } from '../batch/types';

/**
 * Builders of CRM `$batch` operations. Creates are upserts of a client-generated GUID guarded by
 * `If-None-Match: *`, so a repeated create can never make a second record.
 */
export const crmOps = {
  create(entitySet: string, id: string, values: Record<string, unknown>): BatchOperation {
    return {
      method: 'PATCH',
      url: `${entitySet}(${id})`,
      headers: { 'If-None-Match': '*' },
      body: values,
    };
  },
  update(
    entitySet: string,
    id: string,
    patch: Record<string, unknown>,
    etag: string,
  ): BatchOperation {
    return {
      method: 'PATCH',
      url: `${entitySet}(${id})`,
      headers: { 'If-Match': etag },
      body: patch,
    };
  },
  delete(entitySet: string, id: string, etag: string): BatchOperation {
    return { method: 'DELETE', url: `${entitySet}(${id})`, headers: { 'If-Match': etag } };
  },
  get(entitySet: string, id: string, select?: readonly string[]): BatchOperation {
    const query = select && select.length > 0 ? `?$select=${select.join(',')}` : '';
    return { method: 'GET', url: `${entitySet}(${id})${query}` };
  },
};

/** `parentcustomerid_account@odata.bind: "/accounts(<guid>)"` and the like. */
export function odataBind(entitySet: string, id: string): string {
  return `/${entitySet}(${id})`;
}
