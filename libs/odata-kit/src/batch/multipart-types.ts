/** One HTTP request inside a `multipart/mixed` `$batch`. */
export interface BatchRequestPart {
  kind: 'request';
  method: string;
  /** As written: absolute URL, absolute path, relative to the service root, or `$<Content-ID>...`. */
  url: string;
  /** Header name (lower-case) → value. */
  headers: Record<string, string>;
  body: string;
  contentId: string | undefined;
}

/** An atomic change set: all its requests commit together or not at all. */
export interface BatchChangeSetPart {
  kind: 'changeset';
  requests: BatchRequestPart[];
}

export type BatchPart = BatchRequestPart | BatchChangeSetPart;

/** One HTTP response inside a `$batch` response. */
export interface BatchResponsePart {
  kind: 'response';
  contentId: string | undefined;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface BatchChangeSetResponse {
  kind: 'changeset';
  responses: BatchResponsePart[];
}

export type BatchResponseItem = BatchResponsePart | BatchChangeSetResponse;

/** Number of requests in a parsed batch (change sets counted by their requests). */
export function countBatchRequests(parts: readonly BatchPart[]): number {
  return parts.reduce((n, p) => n + (p.kind === 'request' ? 1 : p.requests.length), 0);
}
