import type { Canonical, Decision, DeletionPolicy } from '../domain/model';
import type { Side, WriteOp } from '../ports';
import type { JobContext } from './job-context';
import { otherSide } from './job-context';
import { canonOf, recordOf, type Work } from './work';

/** Projects both records, asks the domain for a decision and plans the writes it needs. */
export function decideAndPlan(ctx: JobContext, work: Work): void {
  projectWork(ctx, work);
  planDecision(ctx, work, decide(ctx, work));
}

/** Projects both records to canonical values. */
export function projectWork(ctx: JobContext, work: Work): void {
  const { mapping } = ctx;
  work.erpCanon = work.erp ? mapping.toCanonical('erp', work.erp.raw) : null;
  work.crmCanon = work.crm ? mapping.toCanonical('crm', work.crm.raw) : null;
}

/** Plans the writes of a decision (made by the domain, or by an admin action). */
export function planDecision(
  ctx: JobContext,
  work: Work,
  decision: Decision,
  deletionPolicy: DeletionPolicy = ctx.mapping.deletionPolicy,
): void {
  work.ops = {};
  work.outcomes = {};
  work.decision = decision;
  work.intent = { type: 'none' };
  planWrites(ctx, work, decision, deletionPolicy);
}

function modifiedAt(work: Work, side: Side): string | null {
  const raw = recordOf(work, side)?.raw;
  const value = side === 'erp' ? raw?.['lastModifiedDateTime'] : raw?.['modifiedon'];
  return typeof value === 'string' ? value : null;
}

function decide(ctx: JobContext, work: Work): Decision {
  const base = work.coupling?.base ?? null;
  const input = {
    mapping: ctx.mapping,
    erp: work.erpCanon,
    crm: work.crmCanon,
    allowed: ctx.allowed,
    erpModifiedAt: modifiedAt(work, 'erp'),
    crmModifiedAt: modifiedAt(work, 'crm'),
  };
  if (base) return ctx.domain.decide({ ...input, base });
  // Never synced: the side that brought the pair in is the source; an existing counterpart
  // (matched, or created by an earlier attempt) counts as the base so only the source "changed".
  const other = otherSide(work.origin);
  const otherCanon = canonOf(work, other);
  if (canonOf(work, work.origin) && otherCanon) {
    return ctx.domain.decide({ ...input, base: otherCanon });
  }
  return ctx.domain.decide({ ...input, base: null });
}

function allowedTo(ctx: JobContext, side: Side): boolean {
  return side === 'erp' ? ctx.allowed.toErp : ctx.allowed.toCrm;
}

function invalidate(ctx: JobContext, work: Work, target: Side, values: Canonical): boolean {
  const problems = ctx.mapping.validate(target, values);
  if (problems.length === 0) return false;
  work.decision = { type: 'invalid', side: target, problems };
  work.ops = {};
  work.intent = { type: 'none' };
  return true;
}

function updateOp(ctx: JobContext, work: Work, target: Side, values: Canonical, all: Canonical) {
  const record = recordOf(work, target);
  if (!record) return undefined;
  const op: WriteOp = {
    type: 'update',
    id: record.id,
    etag: record.etag,
    values: ctx.mapping.toRaw(target, values, { forCreate: false, all }),
  };
  return op;
}

function plannedNumber(ctx: JobContext, work: Work, values: Canonical): Canonical {
  const field = ctx.mapping.numberField;
  if (!field || (typeof values[field] === 'string' && values[field] !== '')) return values;
  const number =
    work.coupling?.state === 'pending' && work.coupling.recordNumber
      ? work.coupling.recordNumber
      : `TS${ctx.apps.erp.planId().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  work.plannedNumber = number;
  return { ...values, [field]: number };
}

function createOp(ctx: JobContext, work: Work, target: Side, source: Canonical, restore: boolean) {
  const plannedId = restore
    ? undefined
    : target === 'erp'
      ? (work.coupling?.erpId ?? undefined)
      : (work.coupling?.crmId ?? undefined);
  const values = target === 'erp' ? plannedNumber(ctx, work, source) : source;
  if (invalidate(ctx, work, target, values)) return;
  const id = plannedId ?? ctx.apps[target].planId();
  work.ops[target] = {
    type: 'create',
    id,
    values: ctx.mapping.toRaw(target, values, { forCreate: true, all: values }),
  };
  // The base is the source as it is: a number planned for the ERP then counts as an ERP change
  // and flows back to the source on the next run.
  work.intent = { type: 'create', target, base: source, restore };
}

function planWrites(
  ctx: JobContext,
  work: Work,
  decision: Decision,
  deletionPolicy: DeletionPolicy,
): void {
  switch (decision.type) {
    case 'unchanged':
      work.intent = { type: 'couple-unchanged', base: decision.base };
      return;
    case 'update': {
      if (invalidate(ctx, work, decision.target, decision.values)) return;
      const op = updateOp(ctx, work, decision.target, decision.values, decision.base);
      if (!op) return;
      work.ops[decision.target] = op;
      work.intent = {
        type: 'update',
        target: decision.target,
        base: decision.base,
        fields: Object.keys(decision.values),
        merged: decision.merged,
      };
      return;
    }
    case 'merge': {
      if (invalidate(ctx, work, 'erp', decision.toErp)) return;
      if (invalidate(ctx, work, 'crm', decision.toCrm)) return;
      const toErp = updateOp(ctx, work, 'erp', decision.toErp, decision.base);
      const toCrm = updateOp(ctx, work, 'crm', decision.toCrm, decision.base);
      if (toErp) work.ops.erp = toErp;
      if (toCrm) work.ops.crm = toCrm;
      work.intent = {
        type: 'merge',
        base: decision.base,
        toErp: Object.keys(decision.toErp),
        toCrm: Object.keys(decision.toCrm),
      };
      return;
    }
    case 'create':
      createOp(ctx, work, decision.target, decision.values, false);
      return;
    case 'deleted':
      planDeletion(ctx, work, decision.deletedIn, deletionPolicy);
      return;
    case 'conflict':
    case 'invalid':
    case 'skip':
      return;
  }
}

function planDeletion(ctx: JobContext, work: Work, deletedIn: Side, policy: DeletionPolicy): void {
  const survivor = otherSide(deletedIn);
  const survivorRecord = recordOf(work, survivor);
  const survivorCanon = canonOf(work, survivor);
  if (!survivorRecord || !survivorCanon) {
    work.intent = { type: 'remove-coupling', reason: 'Both records are gone.' };
    return;
  }
  switch (policy) {
    case 'raise-error':
      return;
    case 'remove-coupling':
      work.intent = {
        type: 'remove-coupling',
        reason: `The ${deletedIn.toUpperCase()} record was deleted; the coupling was removed.`,
      };
      return;
    case 'delete-survivor':
      if (!allowedTo(ctx, survivor)) return;
      work.ops[survivor] = { type: 'delete', id: survivorRecord.id, etag: survivorRecord.etag };
      work.intent = { type: 'delete-survivor', survivor };
      return;
    case 'restore':
      if (!allowedTo(ctx, deletedIn)) return;
      createOp(ctx, work, deletedIn, survivorCanon, true);
      return;
  }
}
