import type { RetryOptions } from '../http/backoff';
import type { ConnectorEvent } from '../http/metrics';
import type { FetchLike } from '../http/transport';

/** A Business Central record as the service sent it (`@odata.etag` included). */
export type ErpRecord = Record<string, unknown> & { id?: string; lastModifiedDateTime?: string };

export interface ErpClientOptions {
  /** Service root, e.g. `http://127.0.0.1:5102/api/v2.0`. */
  baseUrl: string;
  token: string;
  /** The company every entity path goes through; default: the first of `companies()`. */
  companyId?: string | undefined;
  fetch?: FetchLike | undefined;
  /** Default 5: the service runs 5 requests at once per user and queues the rest. */
  maxConcurrency?: number | undefined;
  retry?: Partial<RetryOptions> | undefined;
  /** Default page size (`Prefer: odata.maxpagesize`), max 20000. */
  pageSize?: number | undefined;
  timeoutMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
  onEvent?: ((event: ConnectorEvent) => void) | undefined;
}

export interface ErpListOptions {
  filter?: string | undefined;
  select?: readonly string[] | undefined;
  orderby?: string | undefined;
  expand?: string | undefined;
  top?: number | undefined;
  pageSize?: number | undefined;
}

export interface ErpChangeOptions {
  select?: readonly string[] | undefined;
  pageSize?: number | undefined;
  /**
   * Ids already processed at exactly the watermark time (from the previous run's last page):
   * records at the boundary are read again (`ge`) so none is lost, and these are skipped.
   */
  seenAtWatermark?: readonly string[] | undefined;
}

export interface ErpChangePage {
  /** Records modified at or after the watermark, oldest first, each id at most once per run. */
  records: ErpRecord[];
  /** Watermark to store once this page is durably processed (the newest time seen so far). */
  watermark: string | undefined;
  /** Ids seen at exactly `watermark`: pass them back as `seenAtWatermark` next time. */
  idsAtWatermark: string[];
}

export interface ErpWriteResult {
  id: string;
  record: ErpRecord;
  etag: string | undefined;
  /** For create: the record was already there (an earlier attempt had created it). */
  alreadyExisted: boolean;
}

export interface ErpCompany {
  id: string;
  name?: string;
  displayName?: string;
  [key: string]: unknown;
}

export interface ErpSubscription {
  subscriptionId: string;
  notificationUrl: string;
  resource: string;
  clientState: string;
  expirationDateTime: string;
  '@odata.etag'?: string;
  [key: string]: unknown;
}

/** One entry of the `{"value":[...]}` body BC POSTs to a notification URL. */
export interface ErpNotification {
  subscriptionId: string;
  clientState: string;
  expirationDateTime: string;
  resource: string;
  changeType: 'created' | 'updated' | 'deleted' | 'collection';
  lastModifiedDateTime: string;
}
