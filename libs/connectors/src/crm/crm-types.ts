import type { RetryOptions } from '../http/backoff';
import type { ConnectorEvent } from '../http/metrics';
import type { FetchLike } from '../http/transport';

/** A Dataverse record as the service sent it (annotations such as `@odata.etag` included). */
export type CrmRecord = Record<string, unknown>;

export interface CrmClientOptions {
  /** Service root, e.g. `http://127.0.0.1:5101/api/data/v9.2`. */
  baseUrl: string;
  token: string;
  fetch?: FetchLike | undefined;
  /** Default 8. The service allows 52 concurrent requests per user. */
  maxConcurrency?: number | undefined;
  retry?: Partial<RetryOptions> | undefined;
  /** Default page size for list/trackChanges (`Prefer: odata.maxpagesize`), max 5000. */
  pageSize?: number | undefined;
  /** Primary key attribute per entity set; defaults cover accounts, contacts, products. */
  keys?: Record<string, string> | undefined;
  timeoutMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
  onEvent?: ((event: ConnectorEvent) => void) | undefined;
}

export interface CrmListOptions {
  select?: readonly string[] | undefined;
  filter?: string | undefined;
  expand?: string | undefined;
  orderby?: string | undefined;
  top?: number | undefined;
  pageSize?: number | undefined;
}

export interface CrmTrackOptions {
  select?: readonly string[] | undefined;
  /** The `@odata.deltaLink` of the previous run; without it the first page set is a full read. */
  deltaLink?: string | undefined;
  pageSize?: number | undefined;
}

export interface CrmChangePage {
  /** Records created or changed since the delta link (all records on an initial read). */
  upserts: CrmRecord[];
  /** Ids of records deleted since the delta link (`$deletedEntity` tombstones). */
  deletions: string[];
  /** Present on the last page only: store it and pass it to the next `trackChanges`. */
  deltaLink: string | undefined;
}

export interface CrmWriteResult {
  id: string;
  /** The record as now stored, when the service returned or we read it. */
  record: CrmRecord | undefined;
  etag: string | undefined;
  /** For create: the record was already there (a repeated create after an unknown outcome). */
  alreadyExisted: boolean;
}
