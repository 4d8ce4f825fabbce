import type {
  ActionResult,
  RunActionRequest,
  SynchronizeChoice,
  SynchronizePreview,
  TargetOutcome,
} from '@twinsync/sync-api';
import { createFakeEngine, type FakeEngine } from '@twinsync/sync-api/testing';
import type { Coupling, Store } from '@twinsync/sync-store';
import type { AppRecord, DemoApps, Side } from './demo-apps';

/** Pause between progress events of a manual run (8 steps, so a run takes about 2 s). */
const runStepMs = 250;

const resolutions = {
  synchronize: 'synced',
  restore: 'restored',
  delete: 'deleted',
  removeCoupling: 'coupling-removed',
} as const;

function pick(choice: SynchronizeChoice, field: string, base: AppRecord): Side | 'base' {
  if ('winner' in choice) return choice.winner;
  return choice.fields[field] ?? (field in base ? 'base' : 'erp');
}

function valuesOf(apps: DemoApps, coupling: Coupling) {
  const base = (coupling.base ?? {}) as AppRecord;
  const erp = (coupling.erpId ? apps.erp.get(coupling.erpId) : undefined) ?? null;
  const crm = (coupling.crmId ? apps.crm.get(coupling.crmId) : undefined) ?? null;
  return { base, erp, crm };
}

function merged(apps: DemoApps, coupling: Coupling, choice: SynchronizeChoice): AppRecord {
  const { base, erp, crm } = valuesOf(apps, coupling);
  const fields = new Set([
    ...Object.keys(base),
    ...Object.keys(erp ?? {}),
    ...Object.keys(crm ?? {}),
  ]);
  const result: AppRecord = {};
  for (const field of fields) {
    const from = pick(choice, field, base);
    const value = from === 'erp' ? erp?.[field] : from === 'crm' ? crm?.[field] : base[field];
    if (value !== undefined) result[field] = value;
  }
  return result;
}

/**
 * sync-api's fake engine made to act on two in-memory apps through the real store: synchronize
 * writes the chosen values to both apps, restore re-creates the deleted twin, delete removes the
 * survivor, remove coupling forgets the pair. Each success resolves the record's errors and logs
 * a history event, as the real engine does, so the portal shows the effect of every action.
 * Used by the e2e suite until the real engine runs against both mock apps.
 */
export function createDemoEngine(store: Store, apps: DemoApps, clock: () => Date): FakeEngine {
  const engine = createFakeEngine();

  async function act(request: RunActionRequest, jobId: string, couplingId: string) {
    const coupling = await store.couplings.get(couplingId);
    if (!coupling) throw new Error(`coupling ${couplingId} no longer exists`);
    const { action } = request;
    if (action.type === 'couple') return;
    const { base, erp, crm } = valuesOf(apps, coupling);
    let after: AppRecord = {};
    let outcome = 'modified';
    switch (action.type) {
      case 'synchronize': {
        if (!erp || !crm || !coupling.erpId || !coupling.crmId)
          throw new Error('one of the two records no longer exists; use Restore or Delete');
        after = merged(apps, coupling, action.choice);
        apps.erp.set(coupling.erpId, after);
        apps.crm.set(coupling.crmId, after);
        await store.couplings.update(coupling.id, {
          base: after,
          skipped: false,
          state: 'coupled',
        });
        break;
      }
      case 'restore': {
        if (erp && crm) throw new Error('neither record was deleted');
        const survivor = erp ?? crm;
        if (!survivor || !coupling.erpId || !coupling.crmId)
          throw new Error('both records are gone');
        if (erp) apps.crm.set(coupling.crmId, { ...survivor });
        else apps.erp.set(coupling.erpId, { ...survivor });
        after = survivor;
        outcome = 'inserted';
        await store.couplings.update(coupling.id, { skipped: false, state: 'coupled' });
        break;
      }
      case 'delete':
        if (coupling.erpId) apps.erp.delete(coupling.erpId);
        if (coupling.crmId) apps.crm.delete(coupling.crmId);
        outcome = 'deleted';
        break;
      case 'removeCoupling':
        outcome = 'uncoupled';
        break;
    }
    await store.errors.resolveByCouplingIds([coupling.id], {
      resolution: resolutions[action.type],
      resolvedBy: request.requestedBy,
    });
    await store.history.insertMany([
      {
        mappingId: coupling.mappingId,
        couplingId: coupling.id,
        erpId: coupling.erpId,
        crmId: coupling.crmId,
        jobId,
        at: clock().toISOString(),
        outcome,
        before: base,
        after,
        message: `${action.type} by ${request.requestedBy}`,
      },
    ]);
    if (action.type === 'delete' || action.type === 'removeCoupling') {
      await store.couplings.removeMany([coupling.id]);
    }
  }

  engine.runAction = async (request): Promise<ActionResult> => {
    engine.actions.push(request);
    const job = await store.jobs.enqueue({
      mappingId: null,
      type: 'action',
      trigger: 'admin',
      requestedBy: request.requestedBy,
      params: { action: request.action.type },
    });
    await store.jobs.claim(job.id, 'demo');
    const outcomes: TargetOutcome[] = [];
    for (const target of request.targets) {
      try {
        const failure = engine.failingCouplings.get(target.couplingId);
        if (failure) throw new Error(failure);
        await act(request, job.id, target.couplingId);
        outcomes.push({ ...target, status: 'succeeded', message: null });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcomes.push({ ...target, status: 'failed', message });
      }
    }
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    await store.jobs.addCounters(job.id, { modified: outcomes.length - failed, failed });
    await store.jobs.finish(job.id, 'succeeded');
    engine.emit({ type: 'errorsChanged', mappingId: null, at: clock() });
    return { jobId: job.id, outcomes };
  };

  engine.previewSynchronize = async (couplingId, choice): Promise<SynchronizePreview> => {
    const coupling = await store.couplings.get(couplingId);
    if (!coupling) throw new Error(`coupling ${couplingId} does not exist`);
    const { base, erp, crm } = valuesOf(apps, coupling);
    const result = merged(apps, coupling, choice);
    return {
      couplingId,
      fields: Object.keys(result).map((field) => ({
        field,
        base: base[field] ?? null,
        erp: erp?.[field] ?? null,
        crm: crm?.[field] ?? null,
        result: result[field] ?? null,
        erpChanges: erp?.[field] !== result[field],
        crmChanges: crm?.[field] !== result[field],
      })),
    };
  };

  /** A manual run: a job that goes running → succeeded over about 2 s, with live progress. */
  engine.startSyncJob = async (request) => {
    engine.started.push(request);
    const job = await store.jobs.enqueue({
      mappingId: request.mappingId,
      type: request.dryRun ? 'dry-run' : 'sync',
      trigger: 'manual',
      direction:
        request.direction === 'both'
          ? 'both'
          : request.direction === 'erpToCrm'
            ? 'erp-to-crm'
            : 'crm-to-erp',
      dryRun: request.dryRun,
      requestedBy: request.requestedBy,
    });
    await store.jobs.claim(job.id, 'demo');
    const total = 40;
    const counters = (done: number) => ({
      modified: Math.floor(done / 4),
      unchanged: done - Math.floor(done / 4),
    });
    const emit = (processed: number, state: 'running' | 'succeeded') =>
      engine.emit({
        type: 'jobProgress',
        jobId: job.id,
        mappingId: request.mappingId,
        state,
        processed,
        total,
        counters: counters(processed),
        at: clock(),
      });
    void (async () => {
      for (let done = 0; done < total; done += 5) {
        await store.jobs.setProgress(job.id, done, total);
        emit(done, 'running');
        await new Promise((resolve) => setTimeout(resolve, runStepMs).unref());
      }
      await store.jobs.addCounters(job.id, counters(total));
      await store.jobs.setProgress(job.id, total, total);
      await store.jobs.finish(job.id, 'succeeded');
      emit(total, 'succeeded');
    })().catch(() => undefined);
    return { jobId: job.id };
  };

  return engine;
}
