export * from './errors';
export type {
  BatchOperation,
  BatchOutcome,
  BatchSuccess,
  BatchFailure,
  BatchOptions,
} from './batch/types';
export { idFromEntityUrl } from './batch/types';
export type { RetryOptions } from './http/backoff';
export { backoffDelay, defaultRetryOptions } from './http/backoff';
export { parseRetryAfter } from './http/retry-after';
export type { ConnectorEvent, ConnectorStats } from './http/metrics';
export type { FetchLike } from './http/transport';
export { odataString } from './http/paging';
export { createCrmClient, type CrmClient } from './crm/crm-client';
export { crmOps, odataBind } from './crm/crm-ops';
export { CRM_BATCH_LIMIT } from './crm/crm-batch';
export type {
  CrmClientOptions,
  CrmListOptions,
  CrmTrackOptions,
  CrmChangePage,
  CrmRecord,
  CrmWriteResult,
} from './crm/crm-types';
export { createErpClient, etagOf, type ErpClient, type ErpSubscribeInput } from './erp/erp-client';
export { erpOps } from './erp/erp-ops';
export { ERP_BATCH_LIMIT } from './erp/erp-batch';
export { readWebhookCall, notificationRecordId, type WebhookCall } from './erp/notifications';
export type {
  ErpClientOptions,
  ErpListOptions,
  ErpChangeOptions,
  ErpChangePage,
  ErpRecord,
  ErpWriteResult,
  ErpCompany,
  ErpSubscription,
  ErpNotification,
} from './erp/erp-types';
