/* eslint-disable @typescript-eslint/no-unsafe-member-access -- contract rules read arbitrary JSON replies, like the *.test.ts files they feed */
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
      concurrent: 5,
      queued: 95,
    });
  });

  it('over the request limit the service answers 429 with Retry-After in seconds', async () => {
    await ctx().client.control('PUT', 'limits', { requestsPerWindow: 1 });
    const reply = await ctx().client.get('companies');
    expect(reply.status).toBe(429);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorOf(reply).message).not.toBe('');
  });

  it('more concurrent requests than running plus queued slots are answered 429', async () => {
    await ctx().client.control('PUT', 'limits', { concurrent: 1, queued: 1 });
    await ctx().client.control('PUT', 'faults', { latencyMs: [400, 400] });
    const replies = await Promise.all(
      Array.from({ length: 4 }, () => ctx().client.get('companies')),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBe(2);
    expect(statuses.filter((s) => s === 429).length).toBe(2);
  });

  it('an injected 429 carries the configured Retry-After', async () => {
    await ctx().client.control('PUT', 'faults', { rate429: 1, retryAfterSeconds: 7 });
    const reply = await ctx().client.get('companies');
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
  });

  it('an injected 503 is answered with an error body', async () => {
    await ctx().client.control('PUT', 'faults', { rate503: 1 });
    const reply = await ctx().client.get('companies');
    expect(reply.status).toBe(503);
    errorOf(reply);
  });

  it('an injected network drop fails the request without an answer', async () => {
    await ctx().client.control('PUT', 'faults', { rateDrop: 1 });
    await expect(ctx().client.get('companies')).rejects.toThrow();
  });

  it('fault settings outside their range are refused with 400', async () => {
    const reply = await ctx().client.control('PUT', 'faults', { rate429: 2 });
    expect(reply.status).toBe(400);
  });

  it('the counters report requests by status', async () => {
    await ctx().client.get('companies');
    const reply = await ctx().client.control('GET', 'counters');
    expect(reply.status).toBe(200);
    expect(reply.body.requests).toBeGreaterThan(0);
    expect(reply.body.byStatus['200']).toBeGreaterThan(0);
  });
}
