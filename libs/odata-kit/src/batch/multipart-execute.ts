import { BadRequestError } from '../errors/odata-errors';
import type {
  BatchPart,
  BatchRequestPart,
  BatchResponseItem,
  BatchResponsePart,
} from './multipart-types';

export interface ExecuteMultipartBatchOptions<Scope> {
  /** Service root with trailing slash, e.g. `http://host/api/data/v9.2/`. */
  serviceRoot: URL;
  /** The `$batch` request: its Authorization (and other listed headers) pass to every part. */
  outer: Request;
  /** `Prefer: odata.continue-on-error`: keep going after a failed request or change set. */
  continueOnError: boolean;
  /** Runs `fn` in ONE transaction, rolled back when `fn` throws (a change set). */
  transaction: (fn: (scope: Scope) => Promise<void>) => Promise<void>;
  /** Scope of requests outside change sets: each commits on its own. */
  defaultScope: Scope;
  /** Executes one sub-request inside `scope` (the generic hook both batch forms use). */
  execute: (req: Request, scope: Scope) => Promise<Response>;
  /** Turns a thrown error into its response (the service's error mapping). */
  toErrorResponse: (err: unknown) => Response;
}

const inherited = ['authorization', 'odata-version', 'odata-maxversion'];

/** Resolves a part URL: absolute, absolute path, relative to the root, or `$<Content-ID>` reference. */
export function resolvePartUrl(
  url: string,
  serviceRoot: URL,
  references: ReadonlyMap<string, string>,
): URL {
  const ref = /^\$([^/?()]+)(.*)$/.exec(url);
  if (ref?.[1] !== undefined) {
    const target = references.get(ref[1]);
    if (target === undefined) {
      throw new BadRequestError(
        `The Content-ID reference '$${ref[1]}' does not name an earlier request of this change set.`,
        'InvalidBatch',
      );
    }
    return new URL(`${target}${ref[2] ?? ''}`);
  }
  try {
    return new URL(url, serviceRoot);
  } catch {
    throw new BadRequestError(
      `The batch request URL '${url.slice(0, 200)}' is not valid.`,
      'InvalidBatch',
    );
  }
}

export function toPartRequest(
  part: BatchRequestPart,
  options: { serviceRoot: URL; outer: Request },
  references: ReadonlyMap<string, string>,
): Request {
  const url = resolvePartUrl(part.url, options.serviceRoot, references);
  const headers = new Headers();
  for (const name of inherited) {
    const v = options.outer.headers.get(name);
    if (v !== null) headers.set(name, v);
  }
  for (const [name, value] of Object.entries(part.headers)) headers.set(name, value);
  const hasBody = part.body !== '' && part.method !== 'GET' && part.method !== 'DELETE';
  return new Request(url, {
    method: part.method,
    headers,
    ...(hasBody ? { body: resolveBindReferences(part.body, references) } : {}),
  });
}

/**
 * `"nav@odata.bind": "$1"` in a change-set body → the entity URL of the request with Content-ID 1.
 * Bodies that are not JSON objects, or have no such reference, pass unchanged.
 */
export function resolveBindReferences(
  body: string,
  references: ReadonlyMap<string, string>,
): string {
  if (references.size === 0 || !/@odata\.bind"\s*:\s*"\$/.test(body)) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body;
  const out: Record<string, unknown> = { ...(parsed as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out)) {
    if (!key.endsWith('@odata.bind') || typeof value !== 'string') continue;
    const m = /^\$([^/?()]+)$/.exec(value);
    if (!m?.[1]) continue;
    const target = references.get(m[1]);
    if (target === undefined) {
      throw new BadRequestError(
        `The Content-ID reference '${value}' in '${key}' does not name an earlier request of this change set.`,
        'InvalidBind',
      );
    }
    out[key] = target;
  }
  return JSON.stringify(out);
}

const keptHeaders = [
  'content-type',
  'location',
  'odata-entityid',
  'etag',
  'odata-version',
  'preference-applied',
  'retry-after',
];

export async function toResponsePart(
  res: Response,
  contentId: string | undefined,
): Promise<BatchResponsePart> {
  const headers: Record<string, string> = {};
  for (const name of keptHeaders) {
    const v = res.headers.get(name);
    if (v !== null) headers[name === 'odata-entityid' ? 'OData-EntityId' : name] = v;
  }
  return { kind: 'response', contentId, status: res.status, headers, body: await res.text() };
}

class RollBack extends Error {}

/**
 * Runs a parsed `multipart/mixed` batch. Each change set runs in ONE transaction: the first
 * failure rolls back all of it and the change set answers with that single failed response (as
 * Dataverse does). `$n` references resolve to the `OData-EntityId`/`Location` of the request with
 * Content-ID n in the same change set. Without continue-on-error the batch stops at the first failure.
 */
export async function executeMultipartBatch<Scope>(
  parts: readonly BatchPart[],
  options: ExecuteMultipartBatchOptions<Scope>,
): Promise<BatchResponseItem[]> {
  const items: BatchResponseItem[] = [];
  const run = async (part: BatchRequestPart, scope: Scope, refs: ReadonlyMap<string, string>) => {
    try {
      return await toResponsePart(
        await options.execute(toPartRequest(part, options, refs), scope),
        part.contentId,
      );
    } catch (err) {
      return toResponsePart(options.toErrorResponse(err), part.contentId);
    }
  };
  for (const part of parts) {
    if (part.kind === 'request') {
      const response = await run(part, options.defaultScope, new Map());
      items.push(response);
      if (response.status >= 400 && !options.continueOnError) break;
      continue;
    }
    const responses: BatchResponsePart[] = [];
    let failed: BatchResponsePart | undefined;
    try {
      await options.transaction(async (scope) => {
        const refs = new Map<string, string>();
        for (const request of part.requests) {
          const response = await run(request, scope, refs);
          if (response.status >= 400) {
            failed = response;
            throw new RollBack();
          }
          responses.push(response);
          const entity = response.headers['OData-EntityId'] ?? response.headers['location'];
          if (request.contentId !== undefined && entity !== undefined)
            refs.set(request.contentId, entity);
        }
      });
    } catch (err) {
      if (!(err instanceof RollBack)) throw err;
    }
    if (failed) {
      items.push(failed);
      if (!options.continueOnError) break;
    } else items.push({ kind: 'changeset', responses });
  }
  return items;
}
