import { noErrors, type Coupling, type CouplingState } from '../coupling/coupling';
import { compile } from '../mapping/flow';
import { hashValues } from '../values/hash';
import {
  otherSide,
  sameValue,
  type FieldValue,
  type FieldValues,
  type Side,
} from '../values/field-value';
import { previewSynchronize } from './synchronize';
import type {
  ActionContext,
  ActionErrorCode,
  ActionResult,
  ActionSubject,
  AdminAction,
  AppCommand,
} from './types';

export function stateOf(subject: ActionSubject): CouplingState {
  return subject.coupling?.state ?? 'uncoupled';
}

function fail(
  subject: ActionSubject,
  action: AdminAction,
  code: ActionErrorCode,
  message: string,
): ActionResult {
  return { ok: false, error: { code, action: action.type, state: stateOf(subject), message } };
}

/** The fields of `target` that differ from `current`, limited to fields that may flow to `side`. */
function writesTo(
  subject: ActionSubject,
  side: Side,
  current: FieldValues,
  target: FieldValues,
): FieldValues {
  const compiled = compile(subject.mapping);
  const flows = side === 'erp' ? compiled.toErp : compiled.toCrm;
  const out: Record<string, FieldValue> = {};
  compiled.names.forEach((field, i) => {
    if (!flows[i] || !Object.hasOwn(target, field)) return;
    if (!sameValue(current[field], target[field])) out[field] = target[field] ?? null;
  });
  return out;
}

/** A coupling in sync with `base`, as after a successful sync of both directions. */
function inSync(
  subject: ActionSubject,
  coupling: Coupling,
  base: FieldValues,
  context: ActionContext,
  ids: Partial<Pick<Coupling, 'erpId' | 'crmId'>> = {},
): Coupling {
  const success = { result: 'success', jobId: context.jobId, at: context.at } as const;
  return {
    ...coupling,
    ...ids,
    state: 'coupled',
    base,
    baseHash: hashValues(base, compile(subject.mapping).names),
    lastResult: { toCrm: success, toErp: success },
    errors: { ...coupling.errors, attempts: 0, lastErrorKind: null, lastErrorMessage: null },
  };
}

function updates(subject: ActionSubject, result: FieldValues): AppCommand[] {
  const { coupling, erp, crm } = subject;
  if (!coupling || !erp || !crm) return [];
  const commands: AppCommand[] = [];
  const toErp = writesTo(subject, 'erp', erp, result);
  const toCrm = writesTo(subject, 'crm', crm, result);
  if (Object.keys(toErp).length > 0)
    commands.push({ type: 'update', side: 'erp', id: coupling.erpId, values: toErp });
  if (Object.keys(toCrm).length > 0)
    commands.push({ type: 'update', side: 'crm', id: coupling.crmId, values: toCrm });
  return commands;
}

/**
 * An admin action as a pure function: the coupling afterwards plus the writes to run against the
 * apps, or a typed error when the action makes no sense for the pair (e.g. Restore when both
 * records exist). Time and the job id come from `context`.
 */
export function applyAction(
  subject: ActionSubject,
  action: AdminAction,
  context: ActionContext,
): ActionResult {
  const { coupling, erp, crm } = subject;
  const state = stateOf(subject);
  if (action.type === 'couple') {
    if (coupling)
      return fail(
        subject,
        action,
        'already-coupled',
        `The records are already coupled (${state}).`,
      );
    if (!erp || !crm)
      return fail(
        subject,
        action,
        'record-missing',
        `The ${erp ? 'CRM' : 'ERP'} record does not exist.`,
      );
    const winner = action.winner ?? 'erp';
    const result = winner === 'erp' ? erp : crm;
    const loser = otherSide(winner);
    const fresh: Coupling = {
      id: action.couplingId,
      mappingId: subject.mapping.id,
      erpId: action.erpId,
      crmId: action.crmId,
      state: 'coupled',
      base: null,
      baseHash: null,
      erpVersion: null,
      crmVersion: null,
      lastResult: { toCrm: null, toErp: null },
      errors: noErrors,
    };
    const base = { ...(loser === 'erp' ? erp : crm), ...result };
    const values = writesTo(subject, loser, loser === 'erp' ? erp : crm, result);
    const commands: AppCommand[] =
      Object.keys(values).length > 0
        ? [
            {
              type: 'update',
              side: loser,
              id: loser === 'erp' ? action.erpId : action.crmId,
              values,
            },
          ]
        : [];
    return {
      ok: true,
      outcome: { coupling: inSync(subject, fresh, base, context), commands, closesErrors: true },
    };
  }
  if (!coupling) return fail(subject, action, 'not-coupled', 'The record is not coupled.');
  const failing = state !== 'coupled';
  switch (action.type) {
    case 'removeCoupling':
      return { ok: true, outcome: { coupling: null, commands: [], closesErrors: true } };
    case 'retry':
      if (!failing)
        return fail(
          subject,
          action,
          'nothing-to-retry',
          'The record is in sync; there is nothing to retry.',
        );
      return {
        ok: true,
        outcome: {
          coupling: {
            ...coupling,
            state: state === 'skipped' ? 'failed' : coupling.state,
            errors: { ...coupling.errors, attempts: 0 },
          },
          commands: [],
          closesErrors: false,
        },
      };
    case 'dismiss':
      if (!failing) return fail(subject, action, 'no-open-error', 'The record has no open error.');
      return { ok: true, outcome: { coupling, commands: [], closesErrors: true } };
    case 'synchronize': {
      if (!erp || !crm)
        return missing(subject, action, 'Synchronize needs both records; use Restore or Delete.');
      if ('fields' in action.choice) {
        const known = new Set(compile(subject.mapping).names);
        const unknown = Object.keys(action.choice.fields).filter((f) => !known.has(f));
        if (unknown.length > 0)
          return fail(subject, action, 'unknown-field', `Not mapped: ${unknown.join(', ')}.`);
      }
      const preview = previewSynchronize(subject.mapping, coupling.base, erp, crm, action.choice);
      const open = preview.filter(
        (p) => p.conflict && !('winner' in action.choice) && !action.choice.fields[p.field],
      );
      if (open.length > 0)
        return fail(
          subject,
          action,
          'choice-missing',
          `Choose a side for ${open.map((p) => p.field).join(', ')}.`,
        );
      const result = Object.fromEntries(preview.map((p) => [p.field, p.result]));
      return {
        ok: true,
        outcome: {
          coupling: inSync(subject, coupling, result, context),
          commands: updates(subject, result),
          closesErrors: true,
        },
      };
    }
    case 'restore':
    case 'delete': {
      if (erp && crm)
        return fail(
          subject,
          action,
          'both-records-exist',
          `Both records exist; ${action.type === 'restore' ? 'Restore' : 'Delete'} is for a record deleted in one app.`,
        );
      if (!erp && !crm)
        return fail(
          subject,
          action,
          'both-records-missing',
          'Both records are gone; remove the coupling.',
        );
      const survivor: Side = erp ? 'erp' : 'crm';
      const deleted = otherSide(survivor);
      const values = (erp ?? crm)!;
      if (action.type === 'delete') {
        const id = survivor === 'erp' ? coupling.erpId : coupling.crmId;
        return {
          ok: true,
          outcome: {
            coupling: null,
            commands: [{ type: 'delete', side: survivor, id }],
            closesErrors: true,
          },
        };
      }
      const ids = deleted === 'erp' ? { erpId: action.plannedId } : { crmId: action.plannedId };
      return {
        ok: true,
        outcome: {
          coupling: inSync(subject, coupling, values, context, ids),
          commands: [{ type: 'create', side: deleted, id: action.plannedId, values }],
          closesErrors: true,
        },
      };
    }
  }
}

function missing(subject: ActionSubject, action: AdminAction, message: string): ActionResult {
  return fail(subject, action, 'record-missing', message);
}
