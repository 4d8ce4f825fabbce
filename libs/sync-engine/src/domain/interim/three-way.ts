import type { Domain, EngineErrorKind } from '../domain';
import type { Canonical, DecideInput, Decision, FieldValue } from '../model';

const same = (a: FieldValue | undefined, b: FieldValue | undefined) => (a ?? null) === (b ?? null);

/** Interim 3-way decision (until sync-core's decide is bridged). */
export function decideThreeWay(input: DecideInput): Decision {
  const { mapping, base, erp, crm, allowed } = input;
  if (base === null) {
    if (erp && !crm) {
      return allowed.toCrm && mapping.createNew
        ? { type: 'create', target: 'crm', values: erp }
        : { type: 'skip', reason: 'Creating CRM records is not allowed in this run.' };
    }
    if (crm && !erp) {
      return allowed.toErp && mapping.createNew
        ? { type: 'create', target: 'erp', values: crm }
        : { type: 'skip', reason: 'Creating ERP records is not allowed in this run.' };
    }
    return { type: 'skip', reason: 'Neither record exists.' };
  }
  if (!erp) return { type: 'deleted', deletedIn: 'erp' };
  if (!crm) return { type: 'deleted', deletedIn: 'crm' };
  const toErp: Record<string, FieldValue> = {};
  const toCrm: Record<string, FieldValue> = {};
  const next: Record<string, FieldValue> = { ...base };
  const conflicts = [];
  for (const field of mapping.fields) {
    const b = base[field] ?? null;
    const e = erp[field] ?? null;
    const c = crm[field] ?? null;
    if (same(e, c)) {
      next[field] = e;
      continue;
    }
    const erpChanged = !same(e, b);
    const crmChanged = !same(c, b);
    if (erpChanged && !crmChanged) {
      toCrm[field] = e;
      next[field] = e;
    } else if (crmChanged && !erpChanged) {
      toErp[field] = c;
      next[field] = c;
    } else {
      conflicts.push({ field, base: b, erp: e, crm: c });
    }
  }
  if (conflicts.length > 0) {
    const policy = mapping.updateConflictPolicy;
    const newest =
      (input.erpModifiedAt ?? '') >= (input.crmModifiedAt ?? '') ? 'erp-wins' : 'crm-wins';
    const resolved = policy === 'newest-wins' ? newest : policy;
    if (resolved !== 'erp-wins' && resolved !== 'crm-wins')
      return { type: 'conflict', fields: conflicts };
    for (const f of conflicts) {
      if (resolved === 'erp-wins') {
        toCrm[f.field] = f.erp;
        next[f.field] = f.erp;
      } else {
        toErp[f.field] = f.crm;
        next[f.field] = f.crm;
      }
    }
  }
  const needErp = Object.keys(toErp).length > 0;
  const needCrm = Object.keys(toCrm).length > 0;
  if ((needErp && !allowed.toErp) || (needCrm && !allowed.toCrm)) {
    if ((needErp && allowed.toErp) || (needCrm && allowed.toCrm)) {
      // Write what is allowed; the base keeps the old value of what is not, so it comes back.
      for (const f of Object.keys(needErp && !allowed.toErp ? toErp : toCrm))
        next[f] = base[f] ?? null;
      return allowed.toErp
        ? { type: 'update', target: 'erp', values: toErp, base: next, merged: false }
        : { type: 'update', target: 'crm', values: toCrm, base: next, merged: false };
    }
    return { type: 'skip', reason: 'The change goes in a direction this run does not sync.' };
  }
  const nextBase = next as Canonical;
  if (needErp && needCrm) return { type: 'merge', toErp, toCrm, base: nextBase };
  if (needCrm)
    return { type: 'update', target: 'crm', values: toCrm, base: nextBase, merged: false };
  if (needErp)
    return { type: 'update', target: 'erp', values: toErp, base: nextBase, merged: false };
  return { type: 'unchanged', base: nextBase };
}

const neverSkips: ReadonlySet<EngineErrorKind> = new Set([
  'throttled',
  'transport',
  'concurrent-edit',
  'auth',
]);

export const interimRules: Pick<Domain, 'decide' | 'afterError'> = {
  decide: decideThreeWay,
  afterError(previous, kind, transient) {
    const attempts = previous.attempts + 1;
    if (transient || neverSkips.has(kind)) return { attempts, skipped: false };
    return { attempts, skipped: previous.lastErrorKind === kind && previous.attempts >= 1 };
  },
};
