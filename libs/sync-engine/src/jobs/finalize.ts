import type { CouplingInput, NewHistoryEvent, RecordDirection } from '@twinsync/sync-store';
import type { EngineErrorKind } from '../domain/domain';
import { hashCanonical } from '../domain/hash';
import type { Canonical } from '../domain/model';
import type { AppError, AppRecord, Side } from '../ports';
import type { JobContext } from './job-context';
import { otherSide } from './job-context';
import type { PreviewEntry, RecordResult } from './results';
import { canonOf, type Work } from './work';

const dirTo = (target: Side): RecordDirection => (target === 'crm' ? 'erp-to-crm' : 'crm-to-erp');

function pick(values: Canonical | null, fields: readonly string[]): Canonical | null {
  if (!values) return null;
  return Object.fromEntries(fields.map((f) => [f, values[f] ?? null]));
}

function label(ctx: JobContext, work: Work) {
  const { numberField, nameField } = ctx.mapping;
  const values = work.erpCanon ?? work.crmCanon ?? work.coupling?.base ?? null;
  const number = numberField ? values?.[numberField] : null;
  const name = nameField ? values?.[nameField] : null;
  return {
    recordNumber:
      work.plannedNumber ??
      (typeof number === 'string' && number !== ''
        ? number
        : (work.coupling?.recordNumber ?? null)),
    recordName:
      typeof name === 'string' && name !== '' ? name : (work.coupling?.recordName ?? null),
  };
}

/** The errors a failed write maps to. */
export function errorKindOf(error: AppError): EngineErrorKind {
  switch (error.kind) {
    case 'validation':
      return 'validation';
    case 'version-mismatch':
      return 'concurrent-edit';
    case 'not-found':
      return 'deleted';
    case 'throttled':
      return 'throttled';
    case 'transport':
    case 'rolled-back':
      return 'transport';
    case 'auth':
      return 'auth';
    case 'conflict-exists':
      return 'validation';
    case 'unknown':
      return 'unknown';
  }
}

function ids(work: Work) {
  return {
    erpId: work.erp?.id ?? work.coupling?.erpId ?? null,
    crmId: work.crm?.id ?? work.coupling?.crmId ?? null,
  };
}

function preview(
  ctx: JobContext,
  work: Work,
  action: string,
  fields: string[],
  message: string | null,
) {
  const entry: PreviewEntry = {
    couplingId: work.coupling?.id ?? null,
    ...ids(work),
    ...label(ctx, work),
    action,
    fields,
    message,
  };
  return entry;
}

/** Turns one processed work item into the rows its batch commits. */
export function finalize(ctx: JobContext, work: Work): RecordResult {
  const failed = (['erp', 'crm'] as const).find((s) => work.outcomes[s]?.ok === false);
  if (work.failure) return failure(ctx, work, errorKindOf(work.failure), work.failure, null);
  const decision = work.decision;
  if (!decision) return failure(ctx, work, 'unknown', unknownError('no decision'), null);
  if (failed) {
    const outcome = work.outcomes[failed];
    const error = outcome && !outcome.ok ? outcome.error : unknownError('write failed');
    return failure(ctx, work, errorKindOf(error), error, failed);
  }
  switch (decision.type) {
    case 'conflict':
      return failure(
        ctx,
        work,
        'conflict',
        {
          ...unknownError(
            `Both apps changed ${decision.fields.map((f) => f.field).join(', ')} since the last sync.`,
          ),
          kind: 'unknown',
        },
        null,
        { fields: decision.fields },
      );
    case 'invalid':
      return failure(
        ctx,
        work,
        'validation',
        unknownError(
          `${decision.side.toUpperCase()} would refuse: ${decision.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        ),
        decision.side,
        { problems: decision.problems },
      );
    case 'deleted':
      if (work.intent?.type === 'none') {
        const message = `The ${decision.deletedIn.toUpperCase()} record was deleted; its ${otherSide(decision.deletedIn).toUpperCase()} twin still exists.`;
        return failure(ctx, work, 'deleted', unknownError(message), decision.deletedIn);
      }
      return success(ctx, work);
    case 'skip':
      return {
        history: [],
        counters: {},
        preview: preview(ctx, work, 'skip', [], decision.reason),
      };
    case 'unchanged':
    case 'update':
    case 'merge':
    case 'create':
      return success(ctx, work);
  }
}

function unknownError(message: string): AppError {
  return { kind: 'unknown', transient: false, status: 0, code: '', message };
}

/**
 * The record of one side as it stands after this batch: what the app returned for our write, the
 * record as read, null when we created it without getting it back (its version is then unknown
 * until the change feed reads it), undefined when this work knows nothing newer than the coupling.
 */
function written(work: Work, side: Side): AppRecord | null | undefined {
  const outcome = work.outcomes[side];
  const read = side === 'erp' ? work.erp : work.crm;
  if (outcome?.ok) {
    if (outcome.record) return outcome.record;
    if (work.ops[side]?.type === 'create') return null;
  }
  return read ?? undefined;
}

function couplingRow(
  ctx: JobContext,
  work: Work,
  base: Canonical | null,
  patch: Partial<CouplingInput>,
): CouplingInput & { id: string } {
  const c = work.coupling;
  const erpRec = written(work, 'erp');
  const crmRec = written(work, 'crm');
  const erpId = (work.outcomes.erp?.ok ? work.outcomes.erp.id : null) ?? work.erp?.id ?? c?.erpId;
  const crmId = (work.outcomes.crm?.ok ? work.outcomes.crm.id : null) ?? work.crm?.id ?? c?.crmId;
  const now = ctx.now().toISOString();
  return {
    ...c,
    id: work.couplingId,
    mappingId: ctx.mapping.id,
    erpId: erpId ?? null,
    crmId: crmId ?? null,
    erpVersion: erpRec === undefined ? (c?.erpVersion ?? null) : (erpRec?.etag ?? null),
    crmVersion: crmRec === undefined ? (c?.crmVersion ?? null) : (crmRec?.etag ?? null),
    erpHash: base ? hashCanonical(base) : (c?.erpHash ?? null),
    crmHash: base ? hashCanonical(base) : (c?.crmHash ?? null),
    base,
    state: 'coupled',
    skipped: false,
    attempts: 0,
    lastErrorKind: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    lastSyncedAt: now,
    ...label(ctx, work),
    ...patch,
  };
}

function success(ctx: JobContext, work: Work): RecordResult {
  const intent = work.intent ?? { type: 'none' };
  const jobId = ctx.jobId;
  const { erpId, crmId } = ids(work);
  const event = (
    outcome: string,
    direction: RecordDirection | null,
    before: Canonical | null,
    after: Canonical | null,
    changedFields: string[],
    message: string | null = null,
  ): NewHistoryEvent => ({
    couplingId: work.couplingId,
    mappingId: ctx.mapping.id,
    erpId: work.outcomes.erp?.ok ? work.outcomes.erp.id : erpId,
    crmId: work.outcomes.crm?.ok ? work.outcomes.crm.id : crmId,
    jobId,
    at: ctx.now().toISOString(),
    direction,
    outcome,
    before: before ? { ...before } : null,
    after: after ? { ...after } : null,
    changedFields,
    message,
  });
  const wasFailing = work.coupling !== null && work.coupling.state !== 'coupled';
  const resolve = wasFailing ? work.couplingId : undefined;
  const results = (whole: Omit<RecordResult, 'resolve'>): RecordResult =>
    resolve ? { ...whole, resolve } : whole;
  const newCoupling = work.coupling === null || work.coupling.base === null;

  switch (intent.type) {
    case 'none':
      return { history: [], counters: {}, preview: preview(ctx, work, 'none', [], null) };
    case 'couple-unchanged': {
      // Both apps agree but not on the stored base (e.g. a worker died after the apps accepted a
      // batch and before its commit): the agreed values become the base, or the next edit in one
      // app alone would look like a change on both sides and be raised as a false conflict.
      const baseMoved =
        work.coupling?.base != null &&
        hashCanonical(work.coupling.base) !== hashCanonical(intent.base);
      const needsRow = newCoupling || wasFailing || baseMoved;
      return results({
        ...(needsRow
          ? {
              upsert: couplingRow(ctx, work, intent.base, {
                lastResultToCrm: 'succeeded',
                lastJobIdToCrm: jobId,
                lastResultToErp: 'succeeded',
                lastJobIdToErp: jobId,
              }),
            }
          : {}),
        history: newCoupling
          ? [
              event(
                'coupled',
                null,
                null,
                intent.base,
                [],
                'Coupled to an existing record with equal values.',
              ),
            ]
          : wasFailing
            ? [event('unchanged', null, null, intent.base, [], 'Both records agree again.')]
            : [],
        counters: newCoupling ? { coupled: 1, unchanged: 1 } : { unchanged: 1 },
        preview: preview(ctx, work, newCoupling ? 'couple' : 'unchanged', [], null),
      });
    }
    case 'update': {
      const { target, fields } = intent;
      const before = pick(canonOf(work, target), fields);
      const after = pick(intent.base, fields);
      const resultKey = target === 'crm' ? 'lastResultToCrm' : 'lastResultToErp';
      const jobKey = target === 'crm' ? 'lastJobIdToCrm' : 'lastJobIdToErp';
      return results({
        upsert: couplingRow(ctx, work, intent.base, { [resultKey]: 'succeeded', [jobKey]: jobId }),
        history: [event('modified', dirTo(target), before, after, fields)],
        counters: {
          modified: 1,
          ...(intent.merged ? { merged: 1 } : {}),
          ...(newCoupling && work.coupling === null ? { coupled: 1 } : {}),
        },
        preview: preview(ctx, work, `update-${target}`, fields, null),
      });
    }
    case 'merge':
      return results({
        upsert: couplingRow(ctx, work, intent.base, {
          lastResultToCrm: 'succeeded',
          lastJobIdToCrm: jobId,
          lastResultToErp: 'succeeded',
          lastJobIdToErp: jobId,
        }),
        history: [
          event(
            'merged',
            'crm-to-erp',
            pick(work.erpCanon, intent.toErp),
            pick(intent.base, intent.toErp),
            intent.toErp,
          ),
          event(
            'merged',
            'erp-to-crm',
            pick(work.crmCanon, intent.toCrm),
            pick(intent.base, intent.toCrm),
            intent.toCrm,
          ),
        ],
        counters: { merged: 1, modified: 1 },
        preview: preview(ctx, work, 'merge', [...intent.toErp, ...intent.toCrm], null),
      });
    case 'create': {
      const { target } = intent;
      const resultKey = target === 'crm' ? 'lastResultToCrm' : 'lastResultToErp';
      const jobKey = target === 'crm' ? 'lastJobIdToCrm' : 'lastJobIdToErp';
      const fields = Object.keys(intent.base);
      return results({
        upsert: couplingRow(ctx, work, intent.base, { [resultKey]: 'succeeded', [jobKey]: jobId }),
        history: [
          event(
            intent.restore ? 'restored' : 'inserted',
            dirTo(target),
            null,
            intent.base,
            fields,
            intent.restore ? `Re-created in the ${target.toUpperCase()} after its deletion.` : null,
          ),
        ],
        counters: { inserted: 1, ...(newCoupling ? { coupled: 1 } : {}) },
        preview: preview(
          ctx,
          work,
          `${intent.restore ? 'restore' : 'create'}-${target}`,
          fields,
          null,
        ),
      });
    }
    case 'delete-survivor': {
      const { survivor } = intent;
      return {
        remove: work.couplingId,
        resolve: work.couplingId,
        history: [
          event(
            'deleted',
            dirTo(survivor),
            canonOf(work, survivor),
            null,
            [],
            `Deleted in the ${survivor.toUpperCase()} because its twin was deleted.`,
          ),
        ],
        counters: { deleted: 1, uncoupled: 1 },
        preview: preview(ctx, work, `delete-${survivor}`, [], null),
      };
    }
    case 'remove-coupling':
      return {
        ...(work.coupling ? { remove: work.couplingId, resolve: work.couplingId } : {}),
        history: work.coupling ? [event('uncoupled', null, null, null, [], intent.reason)] : [],
        counters: work.coupling ? { uncoupled: 1 } : {},
        preview: preview(ctx, work, 'remove-coupling', [], intent.reason),
      };
  }
}

function errorState(kind: EngineErrorKind, side: Side | null, skipped: boolean) {
  if (skipped) return 'skipped' as const;
  if (kind === 'conflict') return 'conflict' as const;
  if (kind === 'deleted' && side) return side === 'erp' ? 'deleted-in-erp' : 'deleted-in-crm';
  return 'failed' as const;
}

function failure(
  ctx: JobContext,
  work: Work,
  kind: EngineErrorKind,
  error: AppError,
  side: Side | null,
  extraDetails: Record<string, unknown> = {},
): RecordResult {
  const c = work.coupling;
  const transient = error.transient;
  const { attempts, skipped } = ctx.domain.afterError(
    { attempts: c?.attempts ?? 0, lastErrorKind: c?.lastErrorKind ?? null },
    kind,
    transient,
  );
  const now = ctx.now().toISOString();
  const couplingState =
    kind === 'conflict'
      ? 'conflict'
      : kind === 'deleted' && side
        ? side === 'erp'
          ? 'deleted-in-erp'
          : 'deleted-in-crm'
        : 'failed';
  // A create whose outcome is unknown keeps its planned id (state pending) so a later run finishes
  // it without a duplicate; a refused create forgets it.
  const createSide = (['erp', 'crm'] as const).find((s) => work.ops[s]?.type === 'create');
  const createOp = createSide ? work.ops[createSide] : undefined;
  const pending = createSide !== undefined && transient;
  const direction = side !== null ? dirTo(side) : dirTo(otherSide(work.origin));
  const resultKey = direction === 'erp-to-crm' ? 'lastResultToCrm' : 'lastResultToErp';
  const jobKey = direction === 'erp-to-crm' ? 'lastJobIdToCrm' : 'lastJobIdToErp';
  const { erpId, crmId } = ids(work);
  const plannedErp = createSide === 'erp' && pending ? (createOp?.id ?? null) : null;
  const plannedCrm = createSide === 'crm' && pending ? (createOp?.id ?? null) : null;
  const keepErp = createSide === 'erp' && !pending ? (work.erp?.id ?? null) : erpId;
  const keepCrm = createSide === 'crm' && !pending ? (work.crm?.id ?? null) : crmId;
  const base = c?.base ?? null;
  const upsert: CouplingInput & { id: string } = {
    ...c,
    id: work.couplingId,
    mappingId: ctx.mapping.id,
    erpId: plannedErp ?? (c?.base ? (c.erpId ?? keepErp) : keepErp),
    crmId: plannedCrm ?? (c?.base ? (c.crmId ?? keepCrm) : keepCrm),
    base,
    state: pending ? 'pending' : couplingState,
    skipped,
    attempts,
    lastErrorKind: kind,
    lastErrorMessage: error.message,
    lastErrorAt: now,
    [resultKey]: 'failed',
    [jobKey]: ctx.jobId,
    ...label(ctx, work),
  };
  const details = {
    erp: work.erpCanon,
    crm: work.crmCanon,
    base,
    status: error.status,
    code: error.code,
    transient,
    ...extraDetails,
  };
  return {
    upsert,
    history: [
      {
        couplingId: work.couplingId,
        mappingId: ctx.mapping.id,
        erpId: upsert.erpId,
        crmId: upsert.crmId,
        jobId: ctx.jobId,
        at: now,
        direction,
        outcome: kind === 'conflict' ? 'conflict' : 'failed',
        before: null,
        after: null,
        changedFields: [],
        message: error.message,
      },
    ],
    error: {
      mappingId: ctx.mapping.id,
      couplingId: work.couplingId,
      erpId: upsert.erpId,
      crmId: upsert.crmId,
      recordNumber: upsert.recordNumber ?? null,
      recordName: upsert.recordName ?? null,
      kind,
      state: errorState(kind, side, skipped),
      direction,
      message: error.message,
      details,
      jobId: ctx.jobId,
      at: now,
    },
    counters: kind === 'conflict' ? { conflicts: 1, failed: 1 } : { failed: 1 },
    preview: preview(
      ctx,
      work,
      kind === 'conflict' ? 'conflict' : `error-${kind}`,
      [],
      error.message,
    ),
  };
}
