import { afterEach, expect, it } from 'vitest';
import type { ContractContext } from '../context';
import { errorOf } from '../context';

/** Mock-only rules: service protection and fault injection, configured through /_mock/. */
export function limitsAndFaultsRules(ctx: () => ContractContext) {
  afterEach(async () => {
    await ctx().client.control('PUT', 'faults', {
      rate429: 0,
      rate503: 0,
      rateDrop: 0,
      latencyMs: [0, 0],
    });
    await ctx().client.control('PUT', 'limits', {
      requestsPerWindow: 6000,
      windowSeconds: 300,
      concurrent: 52,
      queued: 0,
    });
  });

  it('over the requests-per-window limit the service answers 429 0x80072322 with Retry-After seconds', async () => {
    await ctx().client.control('PUT', 'limits', { requestsPerWindow: 1 });
    const reply = await ctx().client.get('accounts?$top=1');
    expect(reply.status).toBe(429);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorOf(reply).code).toBe('0x80072322');
  });

  it('more concurrent requests than the limit are answered 429 0x80072326 at once', async () => {
    await ctx().client.control('PUT', 'limits', { concurrent: 2 });
    // A slow server (1 s per request) keeps the first two busy while the others arrive.
    await ctx().client.control('PUT', 'faults', { latencyMs: [1000, 1000] });
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => ctx().client.get('accounts?$top=1')),
    );
    const ok = replies.filter((r) => r.status === 200);
    const throttled = replies.filter((r) => r.status === 429);
    expect(ok.length + throttled.length).toBe(5);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length).toBeLessThanOrEqual(2);
    for (const r of throttled) {
      expect(errorOf(r).code).toBe('0x80072326');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Rejected at once, not queued (a queue would need three slow rounds, 3 s).
    expect(Date.now() - started).toBeLessThan(2900);
  });

  it('the default limits are Dataverse’s: 6000 requests per 300 s and 52 concurrent', async () => {
    const reply = await ctx().client.control('PUT', 'limits', {});
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      requestsPerWindow: 6000,
      windowSeconds: 300,
      concurrent: 52,
    });
  });

  it('an injected 429 carries the configured Retry-After', async () => {
    await ctx().client.control('PUT', 'faults', { rate429: 1, retryAfterSeconds: 7 });
    const reply = await ctx().client.get('accounts?$top=1');
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
    errorOf(reply);
  });

  it('an injected 503 is answered with an OData error body', async () => {
    await ctx().client.control('PUT', 'faults', { rate503: 1 });
    const reply = await ctx().client.get('accounts?$top=1');
    expect(reply.status).toBe(503);
    errorOf(reply);
  });

  it('an injected network drop fails the request without an answer', async () => {
    await ctx().client.control('PUT', 'faults', { rateDrop: 1 });
    await expect(ctx().client.get('accounts?$top=1')).rejects.toThrow();
  });

  it('injected latency delays answers', async () => {
    await ctx().client.control('PUT', 'faults', { latencyMs: [150, 150] });
    const started = Date.now();
    expect((await ctx().client.get('accounts?$top=1')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('invalid fault or limit settings are refused with 400', async () => {
    for (const [name, body] of [
      ['faults', { rate429: 2 }],
      ['faults', { latencyMs: [5, 1] }],
      ['faults', { surprise: 1 }],
      ['limits', { concurrent: -1 }],
      ['limits', { burst: 3 }],
    ] as const) {
      const reply = await ctx().client.control('PUT', name, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      errorOf(reply);
    }
  });
}
