import { allowsTo, compile } from '../mapping/flow';
import type { FieldMergeRule } from '../mapping/types';
import { validateValues } from '../mapping/validate-values';
import {
  otherSide,
  sameValue,
  type FieldValue,
  type FieldValues,
  type Side,
} from '../values/field-value';
import type { ConflictField, DecideInput, Decision, Resolution } from './decision';

const both = { toErp: true, toCrm: true } as const;

/** Which writes the run and the table direction allow. */
function allowedWrites(input: DecideInput): { toErp: boolean; toCrm: boolean } {
  const allowed = input.allowed ?? both;
  return {
    toErp: allowed.toErp && allowsTo(input.mapping.direction, 'erp'),
    toCrm: allowed.toCrm && allowsTo(input.mapping.direction, 'crm'),
  };
}

/** The newer side by last-modified stamps (ERP on a tie), null when either is missing. */
function newerSide(input: DecideInput): Side | null {
  const e = Date.parse(input.erpModifiedAt ?? '');
  const c = Date.parse(input.crmModifiedAt ?? '');
  if (Number.isNaN(e) || Number.isNaN(c)) return null;
  return e >= c ? 'erp' : 'crm';
}

function winnerOf(rule: FieldMergeRule, input: DecideInput): Resolution['rule'] | null {
  switch (rule) {
    case 'raise-error':
      return null;
    case 'erp-wins':
    case 'crm-wins':
      return rule;
    case 'newest-wins': {
      const newer = newerSide(input);
      return newer === null ? null : 'newest-wins';
    }
  }
}

/**
 * What to do with one candidate pair: a three-way comparison of each mapped field of both sides
 * with the base snapshot. A side changed a field only if its value differs from the base (values,
 * never timestamps); fields a record does not carry are unknown and never count as changes.
 */
export function decide(input: DecideInput): Decision {
  const { mapping, erp, crm } = input;
  if (input.base === null) return decideUncoupled(input);
  if (!erp || !crm) return decideDeleted(input, erp === null, crm === null);
  const base = input.base;
  const compiled = compile(mapping);
  const { names, toCrm: flowsToCrm, toErp: flowsToErp, createOnly } = compiled;
  let next: Record<string, FieldValue> | null = null;
  let toErp: Record<string, FieldValue> | null = null;
  let toCrm: Record<string, FieldValue> | null = null;
  let conflicts: ConflictField[] | null = null;
  let resolved: Resolution[] | null = null;
  const setNext = (field: string, value: FieldValue) => {
    if (!Object.hasOwn(base, field) || !sameValue(base[field], value)) {
      next ??= { ...base };
      next[field] = value;
    }
  };
  for (let i = 0; i < names.length; i++) {
    const field = names[i]!;
    const b = base[field] ?? null;
    const ev = erp[field];
    const cv = crm[field];
    const e = ev === undefined ? b : ev;
    const c = cv === undefined ? b : cv;
    if (e === c || sameValue(e, c)) {
      // Agreed (the same edit on both sides becomes the base).
      if (e !== b && !sameValue(e, b)) setNext(field, e);
      continue;
    }
    const oneWay = createOnly[i] === true;
    const erpChanged = !oneWay && flowsToCrm[i] === true && e !== b && !sameValue(e, b);
    const crmChanged = !oneWay && flowsToErp[i] === true && c !== b && !sameValue(c, b);
    if (erpChanged && !crmChanged) {
      (toCrm ??= {})[field] = e;
      setNext(field, e);
    } else if (crmChanged && !erpChanged) {
      (toErp ??= {})[field] = c;
      setNext(field, c);
    } else if (erpChanged && crmChanged) {
      const policy = mapping.updateConflictPolicy;
      const rule =
        policy === 'raise-error'
          ? null
          : policy === 'merge'
            ? winnerOf(compiled.mergeRules[i] ?? 'raise-error', input)
            : winnerOf(policy, input);
      if (rule === null) {
        (conflicts ??= []).push({ field, base: b, erp: e, crm: c });
        continue;
      }
      const winner: Side =
        rule === 'erp-wins' ? 'erp' : rule === 'crm-wins' ? 'crm' : (newerSide(input) ?? 'erp');
      (resolved ??= []).push({ field, winner, rule });
      if (winner === 'erp') (toCrm ??= {})[field] = e;
      else (toErp ??= {})[field] = c;
      setNext(field, winner === 'erp' ? e : c);
    }
    // Neither changed in a direction that may flow: a one-way field edited on its target side
    // is not synced back and keeps its base.
  }
  if (conflicts) return { type: 'conflict', fields: conflicts };
  const allowed = allowedWrites(input);
  const deferred: string[] = [];
  const nextBase = (): FieldValues => next ?? base;
  // Changes this run may not write keep their base value, so the next run still sees them.
  const defer = (values: Record<string, FieldValue>) => {
    for (const field of Object.keys(values)) {
      deferred.push(field);
      next ??= { ...base };
      next[field] = base[field] ?? null;
    }
  };
  if (toErp && !allowed.toErp) {
    defer(toErp);
    toErp = null;
  }
  if (toCrm && !allowed.toCrm) {
    defer(toCrm);
    toCrm = null;
  }
  if (toErp) {
    const problems = validateValues(mapping, 'erp', toErp);
    if (problems.length > 0) return { type: 'invalid', side: 'erp', problems };
  }
  if (toCrm) {
    const problems = validateValues(mapping, 'crm', toCrm);
    if (problems.length > 0) return { type: 'invalid', side: 'crm', problems };
  }
  const settled = resolved ?? [];
  if (toErp && toCrm) return { type: 'merge', toErp, toCrm, base: nextBase(), resolved: settled };
  if (toErp || toCrm) {
    return {
      type: 'update',
      target: toErp ? 'erp' : 'crm',
      values: (toErp ?? toCrm)!,
      base: nextBase(),
      resolved: settled,
      deferred,
    };
  }
  if (deferred.length > 0)
    return {
      type: 'skip',
      reason: 'direction',
      message: `Changes to ${deferred.join(', ')} go in a direction this run does not sync.`,
    };
  return { type: 'unchanged', base: nextBase() };
}

function decideDeleted(input: DecideInput, erpGone: boolean, crmGone: boolean): Decision {
  if (erpGone && crmGone)
    return { type: 'deleted', deletedIn: 'both', resolution: 'remove-coupling' };
  const deletedIn: Side = erpGone ? 'erp' : 'crm';
  const allowed = allowedWrites(input);
  const may = (side: Side) => (side === 'erp' ? allowed.toErp : allowed.toCrm);
  const policy = input.mapping.deletionPolicy;
  const resolution =
    (policy === 'restore' && !may(deletedIn)) ||
    (policy === 'delete-survivor' && !may(otherSide(deletedIn)))
      ? 'raise-error'
      : policy;
  return { type: 'deleted', deletedIn, resolution };
}

function decideUncoupled(input: DecideInput): Decision {
  const { mapping, erp, crm } = input;
  if (erp && crm) {
    // Both exist but were never synced: the origin's values are the news, the other's the base.
    const origin = input.origin ?? 'erp';
    return decide({ ...input, base: origin === 'erp' ? crm : erp });
  }
  const source: Side | null = erp ? 'erp' : crm ? 'crm' : null;
  if (source === null)
    return { type: 'skip', reason: 'nothing-to-sync', message: 'Neither record exists.' };
  const values = (source === 'erp' ? erp : crm)!;
  const target = otherSide(source);
  if (mapping.syncOnlyCoupled)
    return {
      type: 'skip',
      reason: 'sync-only-coupled',
      message: `${mapping.name} syncs only coupled records; this ${source.toUpperCase()} record has no twin.`,
    };
  const candidates = input.candidates ?? [];
  for (let priority = 0; priority < mapping.matchFields.length; priority++) {
    const field = mapping.matchFields[priority]!;
    const value = values[field] ?? null;
    if (value === null || value === '') continue;
    const found = candidates.filter((c) => sameValue(c.values[field], value));
    if (found.length === 1)
      return { type: 'match', target, candidateId: found[0]!.id, field, priority };
    if (found.length > 1)
      return {
        type: 'invalid',
        side: target,
        problems: [
          {
            field,
            message: `${found.length} ${target.toUpperCase()} records have ${field} ${JSON.stringify(value)}; couple one by hand`,
          },
        ],
      };
  }
  const allowed = allowedWrites(input);
  if (!(target === 'erp' ? allowed.toErp : allowed.toCrm))
    return {
      type: 'skip',
      reason: 'direction',
      message: `Creating ${target.toUpperCase()} records is not allowed in this run.`,
    };
  const problems = validateValues(mapping, target, values);
  if (problems.length > 0) return { type: 'invalid', side: target, problems };
  return { type: 'create', target, values };
}
