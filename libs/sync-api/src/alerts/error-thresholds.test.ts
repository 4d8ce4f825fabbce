import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertError, insertMapping } from '../testing/builders';
import { createTestApi, type TestApi } from '../testing/test-context';
import { enforceErrorThresholds, watchErrorThresholds } from './error-thresholds';

describe('error thresholds', () => {
  let api: TestApi;
  const warnings: string[] = [];
  beforeEach(async () => {
    api = await createTestApi();
    warnings.length = 0;
    api.deps.logger = { info() {}, error() {}, warn: (_obj, msg) => warnings.push(msg ?? '') };
  });
  afterEach(() => api.close());

  it('pauses a mapping whose open errors exceed its threshold, with an alert and an audit entry', async () => {
    const busy = await insertMapping(api, { name: 'customers', errorThreshold: 2 });
    const calm = await insertMapping(api, { name: 'items', errorThreshold: 5 });
    const unlimited = await insertMapping(api, { name: 'contacts' });
    for (let i = 0; i < 3; i++) {
      await insertError(api, { mappingId: busy });
      await insertError(api, { mappingId: calm });
      await insertError(api, { mappingId: unlimited });
    }
    expect(await enforceErrorThresholds(api.deps)).toEqual([
      { mappingId: busy, openErrors: 3, threshold: 2 },
    ]);
    const mappings = await api.callerAs('viewer').mappings.list();
    expect(mappings.map((m) => [m.name, m.paused])).toEqual([
      ['contacts', false],
      ['customers', true],
      ['items', false],
    ]);
    expect(mappings.find((m) => m.id === busy)?.pausedReason).toBe(
      '3 open errors, over the threshold of 2',
    );
    expect(warnings).toEqual([`mapping ${busy} paused: 3 open errors, over the threshold of 2`]);
    const audit = await api.callerAs('viewer').audit.list({ actor: 'system' });
    expect(audit.items).toMatchObject([{ action: 'mappings.pause', target: `mapping ${busy}` }]);
    expect(await enforceErrorThresholds(api.deps)).toEqual([]);
  });

  it('checks again whenever errors change, until stopped', async () => {
    const mappingId = await insertMapping(api, { errorThreshold: 1 });
    const watch = watchErrorThresholds(api.deps);
    await insertError(api, { mappingId });
    await insertError(api, { mappingId });
    api.engine.emit({ type: 'errorsChanged', mappingId, at: new Date() });
    await watch.settled();
    expect((await api.store.mappings.get(mappingId))?.paused).toBe(true);

    await api.store.mappings.resume(mappingId);
    watch.stop();
    api.deps.events.emit({ type: 'errorsChanged', mappingId, at: new Date() });
    await watch.settled();
    expect((await api.store.mappings.get(mappingId))?.paused).toBe(false);
  });
});
