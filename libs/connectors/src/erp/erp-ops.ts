import type { BatchOperation } from '../batch/types';

/**
 * Builders of ERP `$batch` operations. URLs are relative to the company
 * (`customers`, `customers(<id>)`); the client puts `companies(<id>)/` in front.
 */
export const erpOps = {
  /** Pass a deterministic `number` in `values` so a repeated create is recognised, not duplicated. */
  create(entity: string, values: Record<string, unknown>): BatchOperation {
    return { method: 'POST', url: entity, body: values };
  },
  update(entity: string, id: string, patch: Record<string, unknown>, etag: string): BatchOperation {
    return { method: 'PATCH', url: `${entity}(${id})`, headers: { 'If-Match': etag }, body: patch };
  },
  delete(entity: string, id: string, etag: string): BatchOperation {
    return { method: 'DELETE', url: `${entity}(${id})`, headers: { 'If-Match': etag } };
  },
  get(entity: string, id: string): BatchOperation {
    return { method: 'GET', url: `${entity}(${id})` };
  },
};
