import type { TwinSyncEngine } from '@twinsync/sync-engine';
import type { SyncEngine } from '../ports';

/** The part of the real engine the API calls. */
export type EngineCore = Pick<
  TwinSyncEngine,
  | 'startSyncJob'
  | 'cancelJob'
  | 'runAction'
  | 'previewSynchronize'
  | 'probeApps'
  | 'schedulerStatus'
  | 'subscribe'
  | 'mappings'
>;

/**
 * The API's `SyncEngine` port on `@twinsync/sync-engine`'s `createSyncEngine`. Kept explicit (no
 * structural pass-through) so that a change of the engine's surface fails to compile here.
 */
export function syncEngineOf(engine: EngineCore): SyncEngine {
  return {
    mappingDefinitions: () =>
      engine.mappings.map((m) => ({
        id: m.id,
        fields: m.fields.map((field) => ({
          field,
          erp: m.rawField('erp', field),
          crm: m.rawField('crm', field),
        })),
        matchFields: [...m.matchFields],
      })),
    async startSyncJob(request) {
      const { jobId } = await engine.startSyncJob(request);
      return { jobId };
    },
    cancelJob: (jobId, requestedBy) => engine.cancelJob(jobId, requestedBy),
    async runAction(request) {
      const result = await engine.runAction({
        action: request.action,
        targets: request.targets,
        requestedBy: request.requestedBy,
      });
      return { jobId: result.jobId, outcomes: result.outcomes };
    },
    previewSynchronize: (couplingId, choice) => engine.previewSynchronize(couplingId, choice),
    async probeApps() {
      return (await engine.probeApps()).map((probe) => ({
        app: probe.app,
        stage: probe.stage,
        baseUrl: probe.baseUrl,
        latencyMs: probe.latencyMs,
        message: probe.message,
      }));
    },
    schedulerStatus() {
      const status = engine.schedulerStatus();
      return {
        running: status.running,
        lastTickAt: status.lastTickAt,
        intervalMs: status.intervalMs,
      };
    },
    subscribe: (listener) => engine.subscribe(listener),
  };
}
