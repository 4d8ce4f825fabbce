/**
 * What the engine needs from the outside world, declared here by the code that needs it.
 * `src/adapters/` implements these ports on `@twinsync/connectors` (the two apps) and
 * `@twinsync/sync-store` (our own bookkeeping); tests may pass fakes.
 */

export type Side = 'erp' | 'crm';

/** A record as one app holds it. */
export interface AppRecord {
  id: string;
  /** Concurrency token sent back as `If-Match` (the record's `@odata.etag`). */
  etag: string;
  /** The record exactly as the app sent it (annotations included). */
  raw: Readonly<Record<string, unknown>>;
}

/** One page of changed records of one entity, in the order the app reported them. */
export interface ChangePage {
  /** Records created or changed since the token (every record on a first/full read). */
  upserts: AppRecord[];
  /** Ids the app reported as deleted since the token (CRM tombstones). */
  deletions: string[];
  /**
   * The change token to store once this page's outcomes are durably recorded; undefined when the
   * app only hands out a token at the end (CRM delta links) and this is not the last page.
   */
  token: string | undefined;
}

/** Why an app refused or failed a request; mirrors the connectors' classification. */
export interface AppError {
  kind:
    | 'throttled'
    | 'version-mismatch'
    | 'not-found'
    | 'validation'
    | 'auth'
    | 'transport'
    | 'conflict-exists'
    | 'rolled-back'
    | 'unknown';
  /** Worth retrying later; never a reason to mark a record Skipped. */
  transient: boolean;
  status: number;
  code: string;
  message: string;
}

/** One write in a batch. `key` lets the caller match the outcome to its record. */
export type WriteOp =
  | {
      type: 'create';
      /** The id planned (and remembered) before sending: a repeated create never duplicates. */
      id: string;
      values: Readonly<Record<string, unknown>>;
    }
  | { type: 'update'; id: string; etag: string; values: Readonly<Record<string, unknown>> }
  | { type: 'delete'; id: string; etag: string };

export type WriteOutcome =
  | {
      ok: true;
      id: string;
      /** The record as now stored, when the app returned it (not for deletes). */
      record: AppRecord | null;
      /** A create found its planned record already there (an earlier attempt made it). */
      alreadyExisted: boolean;
    }
  | { ok: false; error: AppError };

export interface AppProbeResult {
  stage: 'connectivity' | 'auth' | 'ok';
  baseUrl: string;
  latencyMs: number | null;
  message: string;
}

/** One business app as the engine sees it: pages of changes, batched reads and batched writes. */
export interface AppPort {
  readonly side: Side;
  readonly baseUrl: string;
  /** Largest number of operations one `$batch` may carry. */
  readonly batchLimit: number;
  /** Changes since `token` (null = read everything), page by page; never the whole table at once. */
  changes(entity: string, token: string | null): AsyncIterable<ChangePage>;
  /** The records that exist among `ids`, fetched in batches; missing ids are absent from the map. */
  getMany(entity: string, ids: readonly string[]): Promise<Map<string, AppRecord>>;
  /**
   * The same for ids that are a contiguous slice of all ids in sorted order (a partitioned first
   * sync's chunks): the app may read them as one key range. Optional; `getMany` otherwise.
   */
  getManyInRange?(entity: string, ids: readonly string[]): Promise<Map<string, AppRecord>>;
  /** Records whose `field` equals one of `values` (match-based coupling). */
  findByField(entity: string, field: string, values: readonly string[]): Promise<AppRecord[]>;
  /** Pages of the ids of every record (reconcile sweep for deletions). */
  listIds(entity: string): AsyncIterable<string[]>;
  /**
   * Pages of the ids of every record, each with the change token as of the listing so far: from
   * the last page's token, `changes` reports every record changed after the listing (a
   * partitioned first sync reads the records by id, then only those changes). Optional.
   */
  listIdsWithToken?(entity: string): AsyncIterable<{ ids: string[]; token: string | null }>;
  /**
   * Pages of (id, value of `field`) of every record: the match index of a large first sync, so
   * coupling by value costs one scan instead of a filtered query per batch. Optional.
   */
  listValues?(entity: string, field: string): AsyncIterable<{ id: string; value: unknown }[]>;
  /** Independent writes in as few `$batch` calls as the limit allows; one outcome per op, in order. */
  write(entity: string, ops: readonly WriteOp[]): Promise<WriteOutcome[]>;
  /** Plans the id of a record the engine is about to create (a GUID on both apps). */
  planId(): string;
  /** Connectivity and authentication check. */
  probe(): Promise<AppProbeResult>;
}

export interface EngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export const silentLogger: EngineLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
