import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCallerFactory } from '../trpc';
import { appRouter } from './_app';
import { insertError, insertMapping, insertWatermark } from '../testing/builders';
import { createTestApi, type TestApi } from '../testing/test-context';

describe('diagnostics router', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await createTestApi();
  });
  afterEach(() => api.close());

  it('reports a healthy setup as healthy', async () => {
    const mappingId = await insertMapping(api);
    await insertWatermark(api, {
      mappingId,
      side: 'erp',
      updatedAt: '2025-03-01T11:55:00.000Z',
    });
    const result = await api.callerAs('viewer').diagnostics.run();
    expect(result.findings.filter((f) => f.severity !== 'ok')).toEqual([]);
    expect(result.healthy).toBe(true);
  });

  it('explains refused credentials, a stopped scheduler, a paused mapping, stale watermarks and piled-up errors', async () => {
    api.engine.probes = [
      { app: 'erp', stage: 'auth', baseUrl: 'http://erp', latencyMs: 5, message: 'HTTP 401' },
      {
        app: 'crm',
        stage: 'connectivity',
        baseUrl: 'http://crm',
        latencyMs: null,
        message: 'ECONNREFUSED',
      },
    ];
    api.engine.scheduler = { running: false, lastTickAt: null, intervalMs: null };
    const paused = await insertMapping(api, {
      name: 'items',
      paused: true,
      fieldMappings: [],
    });
    const busy = await insertMapping(api, { name: 'customers', errorThreshold: 2 });
    const orphan = await insertMapping(api, { name: 'legacy' });
    api.engine.definitions = [
      { id: paused, fields: [], matchFields: [] },
      { id: busy, fields: [{ field: 'name', erp: 'displayName', crm: 'name' }], matchFields: [] },
    ];
    for (let i = 0; i < 3; i++) await insertError(api, { mappingId: busy });
    await insertWatermark(api, {
      mappingId: busy,
      side: 'crm',
      updatedAt: '2025-02-28T00:00:00.000Z',
    });
    const result = await api.callerAs('viewer').diagnostics.run();
    const checks = result.findings.map((f) => `${f.check}:${f.mappingId ?? '-'}`);
    expect(checks).toEqual(
      expect.arrayContaining([
        'auth.erp:-',
        'connectivity.crm:-',
        'scheduler:-',
        `mapping.invalid:${paused}`,
        `mapping.unknown:${orphan}`,
        `mapping.paused:${paused}`,
        `errors.pileUp:${busy}`,
        `watermark.stale:${busy}`,
      ]),
    );
    expect(result.healthy).toBe(false);
    expect(result.findings[0]?.severity).toBe('problem');
    expect(result.findings.find((f) => f.check === 'auth.erp')?.message).toMatch(
      /refuses our credentials/,
    );
  });
});

describe('live router', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await createTestApi();
  });
  afterEach(() => api.close());

  it('pushes the current error counts, then job progress and changed counts, and unsubscribes when aborted', async () => {
    const mappingId = await insertMapping(api);
    await insertError(api, { mappingId });
    const controller = new AbortController();
    const caller = createCallerFactory(appRouter)(api.contextAs('viewer'), {
      signal: controller.signal,
    });
    const stream = await caller.live.events();
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({
      type: 'errorCounts',
      counts: { total: 1 },
    });

    const next = iterator.next();
    api.engine.emit({
      type: 'jobProgress',
      jobId: 'j1',
      mappingId,
      state: 'running',
      processed: 10,
      total: 100,
      counters: { modified: 10 },
      at: new Date('2025-03-01T12:00:00.000Z'),
    });
    expect((await next).value).toMatchObject({
      type: 'jobProgress',
      jobId: 'j1',
      processed: 10,
      at: '2025-03-01T12:00:00.000Z',
    });

    await insertError(api, { mappingId });
    const counts = iterator.next();
    api.engine.emit({ type: 'errorsChanged', mappingId, at: new Date() });
    expect((await counts).value).toMatchObject({ type: 'errorCounts', counts: { total: 2 } });

    expect(api.engine.listenerCount()).toBe(1);
    controller.abort();
    await iterator.return?.(undefined);
    expect(api.engine.listenerCount()).toBe(0);
  });
});
