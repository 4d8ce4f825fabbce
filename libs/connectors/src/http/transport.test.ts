import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictExistsError,
  NotFoundError,
  ThrottledError,
  TransportError,
  ValidationError,
  VersionMismatchError,
} from '../errors';
import type { TransportOptions } from './transport';
import { createTransport } from './transport';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = 'http://svc.test';

function fakeTime() {
  let clock = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => clock,
    sleep: (ms: number) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  };
}

function transport(extra: Partial<TransportOptions> = {}) {
  const time = fakeTime();
  const t = createTransport({
    token: 'secret',
    sleep: time.sleep,
    now: time.now,
    random: () => 0.5,
    retry: { retries: 4, minDelayMs: 100, maxDelayMs: 1000 },
    ...extra,
  });
  return { t, time };
}

const odataError = (
  status: number,
  code: string,
  message = 'failed',
  headers: Record<string, string> = {},
) => HttpResponse.json({ error: { code, message } }, { status, headers });

describe('transport', () => {
  it('sends the bearer token with every request', async () => {
    let auth: string | null = null;
    server.use(
      http.get(`${base}/x`, ({ request }) => {
        auth = request.headers.get('authorization');
        return HttpResponse.json({ ok: true });
      }),
    );
    await transport().t.send({ method: 'GET', url: `${base}/x` });
    expect(auth).toBe('Bearer secret');
  });

  it('retries 503 with growing jittered backoff and then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/x`, () =>
        ++calls < 3 ? odataError(503, 'Unavailable') : HttpResponse.json({ ok: 1 }),
      ),
    );
    const { t, time } = transport();
    const res = await t.send({ method: 'GET', url: `${base}/x` });
    expect(res.status).toBe(200);
    expect(calls).toBe(3);
    expect(time.sleeps).toEqual([50, 100]);
    expect(t.stats()).toMatchObject({ requests: 3, retries: 2, throttled: 0, failures: 0 });
  });

  it('honours Retry-After in seconds on 429 before retrying', async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/x`, () =>
        ++calls === 1
          ? odataError(429, '0x80072322', 'too many', { 'Retry-After': '7' })
          : HttpResponse.json({}),
      ),
    );
    const { t, time } = transport();
    await t.send({ method: 'GET', url: `${base}/x` });
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7000);
    expect(t.stats()).toMatchObject({ throttled: 1, retries: 1 });
  });

  it('honours Retry-After given as an HTTP date', async () => {
    let calls = 0;
    const time = fakeTime();
    const at = new Date(time.now() + 12_000).toUTCString();
    server.use(
      http.get(`${base}/x`, () =>
        ++calls === 1
          ? odataError(429, 'Throttled', 'slow down', { 'Retry-After': at })
          : HttpResponse.json({}),
      ),
    );
    const t = createTransport({ token: 't', sleep: time.sleep, now: time.now, random: () => 0 });
    await t.send({ method: 'GET', url: `${base}/x` });
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(11_000);
  });

  it('gives up with ThrottledError once the retries are spent', async () => {
    server.use(
      http.get(`${base}/x`, () => odataError(429, '0x80072322', 'busy', { 'Retry-After': '1' })),
    );
    const { t } = transport({ retry: { retries: 2 } });
    const error = await t.send({ method: 'GET', url: `${base}/x` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({
      transient: true,
      status: 429,
      code: '0x80072322',
      retryAfterMs: 1000,
    });
    expect(t.stats()).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  it('never retries a 400 business error and keeps the server code and message', async () => {
    let calls = 0;
    server.use(
      http.post(`${base}/x`, () => {
        calls++;
        return odataError(400, 'Application_FieldValidationException', 'Email is not valid');
      }),
    );
    const error = await transport()
      .t.send({ method: 'POST', url: `${base}/x`, body: '{}' })
      .catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      transient: false,
      status: 400,
      code: 'Application_FieldValidationException',
      message: 'Email is not valid',
    });
  });

  it.each([
    [401, 'Unauthorized', {}, AuthError],
    [403, 'Forbidden', {}, AuthError],
    [404, '0x80040217', {}, NotFoundError],
    [412, '0x80060882', {}, VersionMismatchError],
    [412, '0x80060882', { 'If-None-Match': '*' }, ConflictExistsError],
    [409, 'Request_EntityChanged', {}, VersionMismatchError],
    [400, 'Internal_EntityWithSameKeyExists', {}, ConflictExistsError],
    [500, 'Internal', {}, TransportError],
  ] as const)('maps HTTP %i %s to its typed error', async (status, code, headers, type) => {
    server.use(http.patch(`${base}/x`, () => odataError(status, code)));
    const error = await transport()
      .t.send({ method: 'PATCH', url: `${base}/x`, headers, body: '{}' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, code });
  });

  it('retries a GET after a network failure', async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/x`, () => (++calls === 1 ? HttpResponse.error() : HttpResponse.json({}))),
    );
    const res = await transport().t.send({ method: 'GET', url: `${base}/x` });
    expect(res.status).toBe(200);
    expect(calls).toBe(2);
  });

  it('does not blindly repeat a POST whose outcome is unknown', async () => {
    let calls = 0;
    server.use(
      http.post(`${base}/x`, () => {
        calls++;
        return HttpResponse.error();
      }),
    );
    const error = await transport()
      .t.send({ method: 'POST', url: `${base}/x`, body: '{}' })
      .catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ transient: true, status: 0 });
  });

  it('asks recover() before repeating a POST whose outcome is unknown', async () => {
    let calls = 0;
    server.use(
      http.post(`${base}/x`, () => {
        calls++;
        return HttpResponse.error();
      }),
    );
    const res = await transport().t.send({
      method: 'POST',
      url: `${base}/x`,
      body: '{}',
      recover: () => Promise.resolve({ status: 299, headers: new Headers(), text: 'found' }),
    });
    expect(calls).toBe(1);
    expect(res.text).toBe('found');
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    server.use(
      http.get(`${base}/x`, async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return HttpResponse.json({});
      }),
    );
    const { t } = transport({ maxConcurrency: 3 });
    await Promise.all(
      Array.from({ length: 12 }, () => t.send({ method: 'GET', url: `${base}/x` })),
    );
    expect(peak).toBe(3);
    expect(t.stats().requests).toBe(12);
  });

  it('holds back other requests of the client while a Retry-After is running', async () => {
    let clock = 0;
    const waiting: Array<() => void> = [];
    const sleep = (ms: number) =>
      new Promise<void>((resolve) =>
        waiting.push(() => {
          clock += ms;
          resolve();
        }),
      );
    let calls = 0;
    server.use(
      http.get(`${base}/x`, () =>
        ++calls === 1
          ? odataError(429, 'Throttled', 'busy', { 'Retry-After': '5' })
          : HttpResponse.json({}),
      ),
    );
    let second: Promise<unknown> | undefined;
    const t = createTransport({
      token: 't',
      sleep,
      now: () => clock,
      random: () => 0,
      onEvent: (e) => {
        if (e.type === 'throttled') second = t.send({ method: 'GET', url: `${base}/x` });
      },
    });
    const first = t.send({ method: 'GET', url: `${base}/x` });
    await new Promise((r) => setTimeout(r, 30));
    expect(second).toBeDefined();
    expect(calls).toBe(1);
    while (waiting.length > 0) {
      waiting.shift()!();
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all([first, second]);
    expect(calls).toBe(3);
  });
});
