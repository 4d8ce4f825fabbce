import type {
  ActionResult,
  AppProbe,
  EngineEvent,
  MappingDefinition,
  RunActionRequest,
  SchedulerStatus,
  StartSyncJobRequest,
  SynchronizeChoice,
  SynchronizePreview,
  SyncEngine,
} from '../ports';

/**
 * An in-memory SyncEngine for router tests: records every call, answers from settable state,
 * and lets a test emit engine events. It touches no store and no app.
 */
export interface FakeEngine extends SyncEngine {
  readonly started: StartSyncJobRequest[];
  readonly cancelled: string[];
  readonly actions: RunActionRequest[];
  probes: AppProbe[];
  scheduler: SchedulerStatus;
  /** What mappingDefinitions() answers (default null: the engine does not say). */
  definitions: MappingDefinition[] | null;
  /** Couplings for which runAction reports `failed` with this message. */
  failingCouplings: Map<string, string>;
  /** Jobs that cancelJob reports as already finished. */
  finishedJobs: Set<string>;
  emit(event: EngineEvent): void;
  listenerCount(): number;
}

export function createFakeEngine(): FakeEngine {
  const listeners = new Set<(event: EngineEvent) => void>();
  let jobSeq = 0;
  const nextJobId = () => `fake-job-${++jobSeq}`;

  const engine: FakeEngine = {
    started: [],
    cancelled: [],
    actions: [],
    probes: [
      {
        app: 'erp',
        stage: 'ok',
        baseUrl: 'http://erp.test',
        latencyMs: 3,
        message: 'ERP answered',
      },
      {
        app: 'crm',
        stage: 'ok',
        baseUrl: 'http://crm.test',
        latencyMs: 4,
        message: 'CRM answered',
      },
    ],
    scheduler: { running: true, lastTickAt: null, intervalMs: 30 * 60 * 1000 },
    failingCouplings: new Map(),
    finishedJobs: new Set(),
    definitions: null,

    mappingDefinitions() {
      return engine.definitions;
    },

    startSyncJob(request) {
      engine.started.push(request);
      return Promise.resolve({ jobId: nextJobId() });
    },
    cancelJob(jobId) {
      engine.cancelled.push(jobId);
      return Promise.resolve({ cancelled: !engine.finishedJobs.has(jobId) });
    },
    runAction(request): Promise<ActionResult> {
      engine.actions.push(request);
      const outcomes =
        request.action.type === 'couple'
          ? request.action.pairs.map(() => ({
              couplingId: null,
              errorId: null,
              status: 'succeeded' as const,
              message: null,
            }))
          : request.targets.map((target) => {
              const failure = engine.failingCouplings.get(target.couplingId);
              return {
                couplingId: target.couplingId,
                errorId: target.errorId,
                status: failure ? ('failed' as const) : ('succeeded' as const),
                message: failure ?? null,
              };
            });
      return Promise.resolve({ jobId: nextJobId(), outcomes });
    },
    previewSynchronize(couplingId: string, choice: SynchronizeChoice): Promise<SynchronizePreview> {
      const winner = 'winner' in choice ? choice.winner : (choice.fields['name'] ?? 'erp');
      return Promise.resolve({
        couplingId,
        fields: [
          {
            field: 'name',
            base: 'Old',
            erp: 'ERP name',
            crm: 'CRM name',
            result: winner === 'erp' ? 'ERP name' : 'CRM name',
            erpChanges: winner === 'crm',
            crmChanges: winner === 'erp',
          },
        ],
      });
    },
    probeApps() {
      return Promise.resolve(engine.probes);
    },
    schedulerStatus() {
      return engine.scheduler;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    listenerCount() {
      return listeners.size;
    },
  };
  return engine;
}
