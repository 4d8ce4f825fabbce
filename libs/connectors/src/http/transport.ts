import pLimit from 'p-limit';
import pRetry from 'p-retry';
import { ThrottledError, TransportError } from '../errors';
import type { RetryOptions } from './backoff';
import { backoffDelay, defaultRetryOptions } from './backoff';
import { mapHttpError } from './error-mapping';
import type { ConnectorEvent, ConnectorStats } from './metrics';
import { emptyStats } from './metrics';
import { parseRetryAfter } from './retry-after';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  token: string;
  /** Defaults to the global fetch (undici, keeps connections alive). */
  fetch?: FetchLike | undefined;
  /** Requests in flight at once, per client. Default 8. */
  maxConcurrency?: number | undefined;
  retry?: Partial<RetryOptions> | undefined;
  /** Per-attempt timeout. Default 120 s. */
  timeoutMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
  onEvent?: ((event: ConnectorEvent) => void) | undefined;
  /** Headers sent with every request (OData-Version ...). */
  defaultHeaders?: Record<string, string> | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
  /**
   * Whether repeating the request after an unknown outcome (network drop, 502, 504) is harmless.
   * Default: true for everything but POST. 429 and 503 are always retried: they were not processed.
   */
  idempotent?: boolean | undefined;
  /**
   * Called before retrying a non-idempotent request whose previous attempt had an unknown outcome.
   * Returning a response ends the request with it (the first attempt had in fact succeeded).
   */
  recover?: (() => Promise<HttpResponse | undefined>) | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Raw body text (JSON is parsed by the caller, once). */
  text: string;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  stats: () => ConnectorStats;
}

const notProcessed = new Set([429, 503]);
const unknownOutcome = new Set([502, 504]);

/** Errors whose request may or may not have been executed by the server. */
const unknownOutcomes = new WeakSet<Error>();

/**
 * The HTTP core shared by both clients: bearer auth, a concurrency limit (p-limit), retries with
 * exponential backoff and full jitter honouring Retry-After (p-retry, with the delay taken through
 * the injected sleep), typed errors and request counters. A 429 pauses every request of the
 * client until its Retry-After has passed, not only the one that got it.
 */
export function createTransport(options: TransportOptions): Transport {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const limit = pLimit(options.maxConcurrency ?? 8);
  const retry: RetryOptions = { ...defaultRetryOptions, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const emit = options.onEvent ?? (() => undefined);
  const counters = emptyStats();
  let pausedUntil = 0;

  const baseHeaders: Record<string, string> = {
    Accept: 'application/json',
    ...options.defaultHeaders,
    Authorization: `Bearer ${options.token}`,
  };

  /** Waits out a running Retry-After; again only if another 429 pushed it further meanwhile. */
  async function waitForPause(): Promise<void> {
    let waitedFor = 0;
    while (pausedUntil > waitedFor && pausedUntil - now() > 0) {
      waitedFor = pausedUntil;
      await sleep(pausedUntil - now());
    }
  }

  async function attempt(req: HttpRequest): Promise<HttpResponse> {
    const headers = { ...baseHeaders, ...req.headers };
    counters.requests++;
    emit({ type: 'request', method: req.method, url: req.url });
    const started = now();
    let response: Response;
    let text: string;
    try {
      response = await doFetch(req.url, {
        method: req.method,
        headers,
        body: req.body ?? null,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (cause) {
      const error = new TransportError({
        status: 0,
        code: 'NetworkError',
        message: `${req.method} ${req.url} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause,
      });
      unknownOutcomes.add(error);
      throw error;
    }
    emit({
      type: 'response',
      method: req.method,
      url: req.url,
      status: response.status,
      ms: now() - started,
    });
    if (response.status < 400) return { status: response.status, headers: response.headers, text };

    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    const error = mapHttpError({
      status: response.status,
      body: parseMaybeJson(text),
      retryAfterMs,
      createOnly: headers['If-None-Match'] === '*',
    });
    if (response.status === 429) {
      counters.throttled++;
      if (retryAfterMs !== undefined) pausedUntil = Math.max(pausedUntil, now() + retryAfterMs);
      emit({ type: 'throttled', method: req.method, url: req.url, retryAfterMs });
    }
    if (unknownOutcome.has(response.status)) unknownOutcomes.add(error);
    throw error;
  }

  function isRetryable(error: Error, idempotent: boolean): boolean {
    if (error instanceof ThrottledError) return true;
    if (!(error instanceof TransportError)) return false;
    if (notProcessed.has(error.status)) return true;
    if (unknownOutcomes.has(error)) return idempotent;
    return false;
  }

  async function send(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? req.method !== 'POST';
    let previousUnknown = false;
    try {
      return await pRetry(
        async () => {
          if (previousUnknown && req.recover) {
            const recovered = await req.recover();
            if (recovered) return recovered;
          }
          await waitForPause();
          try {
            return await limit(() => attempt(req));
          } catch (e) {
            previousUnknown = e instanceof Error && unknownOutcomes.has(e);
            throw e;
          }
        },
        {
          retries: retry.retries,
          minTimeout: 0,
          factor: 1,
          shouldRetry: async ({ error, retriesConsumed }) => {
            const canRepeat = idempotent || req.recover !== undefined;
            if (!isRetryable(error, canRepeat)) return false;
            const retryAfterMs = error instanceof ThrottledError ? error.retryAfterMs : undefined;
            const delayMs = backoffDelay(retriesConsumed, retry, random, retryAfterMs);
            counters.retries++;
            emit({
              type: 'retry',
              method: req.method,
              url: req.url,
              attempt: retriesConsumed + 1,
              delayMs,
              reason: error.message,
            });
            await sleep(delayMs);
            return true;
          },
        },
      );
    } catch (e) {
      counters.failures++;
      const error = e instanceof Error ? e : new Error(String(e));
      emit({ type: 'failure', method: req.method, url: req.url, error });
      throw error;
    }
  }

  return { send, stats: () => ({ ...counters }) };
}

export function parseMaybeJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Parses a JSON success body; a body that is not JSON is a transport fault, not data. */
export function parseJson<T>(response: HttpResponse): T {
  try {
    return JSON.parse(response.text) as T;
  } catch (cause) {
    throw new TransportError({
      status: response.status,
      code: 'InvalidJson',
      message: 'The response body is not valid JSON',
      cause,
    });
  }
}
