import { coalesced } from '@twinsync/sync-engine';
import type { ApiDeps } from '../context';
import { subscribeAll } from '../live/api-events';

export interface ThresholdPause {
  mappingId: string;
  openErrors: number;
  threshold: number;
}

/**
 * Pauses every running mapping whose open errors exceed its `errorThreshold`, logs an alert and
 * writes an audit entry (actor `system`). Returns what it paused.
 */
export async function enforceErrorThresholds(
  deps: Pick<ApiDeps, 'store' | 'logger'>,
): Promise<ThresholdPause[]> {
  const [mappings, open] = await Promise.all([
    deps.store.mappings.list(),
    deps.store.errors.openCountsByMapping(),
  ]);
  const paused: ThresholdPause[] = [];
  for (const m of mappings) {
    const openErrors = open[m.id] ?? 0;
    if (m.paused || m.errorThreshold === null || openErrors <= m.errorThreshold) continue;
    const reason = `${openErrors} open errors, over the threshold of ${m.errorThreshold}`;
    await deps.store.mappings.pause(m.id, reason, null);
    await deps.store.audit.append({
      username: 'system',
      action: 'mappings.pause',
      target: `mapping ${m.id}`,
      recordCount: 0,
      outcome: 'succeeded',
      details: { reason, openErrors, threshold: m.errorThreshold },
    });
    deps.logger.warn(
      { alert: 'errorThreshold', mappingId: m.id, openErrors, threshold: m.errorThreshold },
      `mapping ${m.id} paused: ${reason}`,
    );
    paused.push({ mappingId: m.id, openErrors, threshold: m.errorThreshold });
  }
  return paused;
}

/**
 * Re-checks the thresholds whenever errors change (engine or API). Checks never overlap: events
 * during a check cause exactly one more check afterwards. Returns the stop function.
 */
export function watchErrorThresholds(deps: ApiDeps): { stop(): void; settled(): Promise<void> } {
  let stopped = false;
  const checker = coalesced(
    async () => {
      await enforceErrorThresholds(deps);
    },
    {
      stopped: () => stopped,
      onError: (error) => deps.logger.error({ err: error }, 'error threshold check failed'),
    },
  );
  const unsubscribe = subscribeAll(deps, (event) => {
    if (event.type === 'errorsChanged') checker.request();
  });
  return {
    stop() {
      stopped = true;
      unsubscribe();
    },
    settled: async () => {
      while (checker.current) await checker.current;
    },
  };
}
