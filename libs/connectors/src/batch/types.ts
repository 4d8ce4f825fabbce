import type { ConnectorError } from '../errors';

/** One request inside a `$batch`. */
export interface BatchOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path relative to the service root, e.g. `accounts(<guid>)` or `companies(<id>)/customers`. */
  url: string;
  headers?: Record<string, string> | undefined;
  /** JSON body (serialised once, when the batch is written). */
  body?: unknown;
}

export type BatchOutcome = BatchSuccess | BatchFailure;

export interface BatchSuccess {
  ok: true;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined for 204. */
  body: unknown;
  /** Id of the record the operation created or changed, read from `OData-EntityId`/`Location` or the body. */
  entityId: string | undefined;
  /** New ETag when the service returned one. */
  etag: string | undefined;
  /** A create that found its record already there (a retry after an unknown outcome). */
  alreadyExisted: boolean;
}

export interface BatchFailure {
  ok: false;
  status: number;
  error: ConnectorError;
}

export interface BatchOptions {
  /** All or nothing (a CRM change set / an ERP `Isolation: snapshot` batch). Default true. */
  atomic?: boolean | undefined;
}

/** Reads the key out of `.../accounts(00000000-...)` or `...customers(<id>)`. */
export function idFromEntityUrl(url: string | undefined | null): string | undefined {
  if (!url) return undefined;
  const match = /\(([^()]*)\)\s*$/.exec(url);
  if (!match?.[1]) return undefined;
  return match[1].replace(/^'(.*)'$/, '$1');
}
