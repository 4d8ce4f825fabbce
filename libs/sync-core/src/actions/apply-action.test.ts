import { describe, expect, it } from 'vitest';
import { couplingStates, noErrors, type Coupling, type CouplingState } from '../coupling/coupling';
import { customersToAccounts } from '../mapping/standard-mappings';
import type { FieldValues } from '../values/field-value';
import { applyAction } from './apply-action';
import { previewSynchronize } from './synchronize';
import type { ActionErrorCode, ActionSubject, ActionType, AdminAction } from './types';

const context = { jobId: 'job-1', at: '2026-12-01T08:00:00.000Z' };
const base: FieldValues = { number: 'C1', name: 'Base', email: 'a@x.example', phone: null };
const erpNow = { ...base, name: 'ERP name', email: 'erp@x.example' };
const crmNow = { ...base, name: 'CRM name', phone: '+1 555' };

function coupling(state: Exclude<CouplingState, 'uncoupled'>): Coupling {
  return {
    id: 'k1',
    mappingId: 'customers',
    erpId: 'e1',
    crmId: 'a1',
    state,
    base,
    baseHash: null,
    erpVersion: 'W/"1"',
    crmVersion: 'W/"1"',
    lastResult: { toCrm: null, toErp: null },
    errors: { ...noErrors, attempts: state === 'coupled' ? 0 : 2 },
  };
}

/** The pair as it typically stands in each state. */
function subjectIn(state: CouplingState): ActionSubject {
  const mapping = customersToAccounts;
  switch (state) {
    case 'uncoupled':
      return { mapping, coupling: null, erp: erpNow, crm: crmNow };
    case 'coupled':
      return { mapping, coupling: coupling(state), erp: base, crm: base };
    case 'deleted-in-erp':
      return { mapping, coupling: coupling(state), erp: null, crm: crmNow };
    case 'deleted-in-crm':
      return { mapping, coupling: coupling(state), erp: erpNow, crm: null };
    case 'failed':
    case 'skipped':
      return { mapping, coupling: coupling(state), erp: erpNow, crm: base };
    case 'conflict':
      return { mapping, coupling: coupling(state), erp: erpNow, crm: crmNow };
  }
}

const actions: Record<ActionType, AdminAction> = {
  removeCoupling: { type: 'removeCoupling' },
  retry: { type: 'retry' },
  synchronize: { type: 'synchronize', choice: { winner: 'crm' } },
  restore: { type: 'restore', plannedId: 'new-id' },
  delete: { type: 'delete' },
  couple: { type: 'couple', couplingId: 'k2', erpId: 'e1', crmId: 'a1' },
  dismiss: { type: 'dismiss' },
};

type Expected = 'ok' | ActionErrorCode;

/** Every action × state cell: a missing cell does not compile. */
const table: Record<ActionType, Record<CouplingState, Expected>> = {
  removeCoupling: {
    coupled: 'ok',
    failed: 'ok',
    skipped: 'ok',
    conflict: 'ok',
    'deleted-in-erp': 'ok',
    'deleted-in-crm': 'ok',
    uncoupled: 'not-coupled',
  },
  retry: {
    coupled: 'nothing-to-retry',
    failed: 'ok',
    skipped: 'ok',
    conflict: 'ok',
    'deleted-in-erp': 'ok',
    'deleted-in-crm': 'ok',
    uncoupled: 'not-coupled',
  },
  synchronize: {
    coupled: 'ok',
    failed: 'ok',
    skipped: 'ok',
    conflict: 'ok',
    'deleted-in-erp': 'record-missing',
    'deleted-in-crm': 'record-missing',
    uncoupled: 'not-coupled',
  },
  restore: {
    coupled: 'both-records-exist',
    failed: 'both-records-exist',
    skipped: 'both-records-exist',
    conflict: 'both-records-exist',
    'deleted-in-erp': 'ok',
    'deleted-in-crm': 'ok',
    uncoupled: 'not-coupled',
  },
  delete: {
    coupled: 'both-records-exist',
    failed: 'both-records-exist',
    skipped: 'both-records-exist',
    conflict: 'both-records-exist',
    'deleted-in-erp': 'ok',
    'deleted-in-crm': 'ok',
    uncoupled: 'not-coupled',
  },
  couple: {
    coupled: 'already-coupled',
    failed: 'already-coupled',
    skipped: 'already-coupled',
    conflict: 'already-coupled',
    'deleted-in-erp': 'already-coupled',
    'deleted-in-crm': 'already-coupled',
    uncoupled: 'ok',
  },
  dismiss: {
    coupled: 'no-open-error',
    failed: 'ok',
    skipped: 'ok',
    conflict: 'ok',
    'deleted-in-erp': 'ok',
    'deleted-in-crm': 'ok',
    uncoupled: 'not-coupled',
  },
};

const cells = (Object.keys(table) as ActionType[]).flatMap((action) =>
  couplingStates.map((state) => [action, state, table[action][state]] as const),
);

describe('admin actions × coupling states', () => {
  it.each(cells)('%s on a %s pair gives %s', (action, state, expected) => {
    const result = applyAction(subjectIn(state), actions[action], context);
    if (expected === 'ok') expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, error: { code: expected, action, state } });
  });

  it('every refusal explains itself in a message', () => {
    for (const [action, state, expected] of cells) {
      const result = applyAction(subjectIn(state), actions[action], context);
      if (expected !== 'ok' && !result.ok) expect(result.error.message.length).toBeGreaterThan(10);
    }
  });
});

describe('what each action does', () => {
  it('Remove coupling forgets the pair and writes nothing', () => {
    const result = applyAction(subjectIn('conflict'), actions.removeCoupling, context);
    expect(result).toEqual({
      ok: true,
      outcome: { coupling: null, commands: [], closesErrors: true },
    });
  });

  it('Retry turns Skipped into failed with no attempts so the next run includes it', () => {
    const result = applyAction(subjectIn('skipped'), actions.retry, context);
    expect(result.ok && result.outcome.coupling).toMatchObject({
      state: 'failed',
      errors: { attempts: 0 },
    });
    expect(result.ok && result.outcome.closesErrors).toBe(false);
  });

  it('Synchronize with the CRM as winner writes the CRM values to the ERP only', () => {
    const result = applyAction(subjectIn('conflict'), actions.synchronize, context);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.outcome.commands).toEqual([
      {
        type: 'update',
        side: 'erp',
        id: 'e1',
        values: { name: 'CRM name', email: 'a@x.example', phone: '+1 555' },
      },
    ]);
    expect(result.outcome.coupling).toMatchObject({
      state: 'coupled',
      base: { name: 'CRM name', email: 'a@x.example', phone: '+1 555' },
      lastResult: { toErp: { result: 'success', jobId: 'job-1', at: context.at } },
      errors: { attempts: 0 },
    });
  });

  it('Synchronize per field takes the chosen value and keeps one-sided changes on both sides', () => {
    const result = applyAction(
      subjectIn('conflict'),
      { type: 'synchronize', choice: { fields: { name: 'crm' } } },
      context,
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.outcome.commands).toEqual([
      { type: 'update', side: 'erp', id: 'e1', values: { name: 'CRM name', phone: '+1 555' } },
      { type: 'update', side: 'crm', id: 'a1', values: { email: 'erp@x.example' } },
    ]);
  });

  it('Synchronize per field refuses to leave a conflicting field unchosen or to name an unmapped one', () => {
    const subject = subjectIn('conflict');
    expect(
      applyAction(subject, { type: 'synchronize', choice: { fields: {} } }, context),
    ).toMatchObject({
      ok: false,
      error: { code: 'choice-missing', message: 'Choose a side for name.' },
    });
    expect(
      applyAction(
        subject,
        { type: 'synchronize', choice: { fields: { fax: 'erp', name: 'erp' } } },
        context,
      ),
    ).toMatchObject({ ok: false, error: { code: 'unknown-field' } });
  });

  it('the Synchronize preview shows base, both sides, the result and which side changes', () => {
    const rows = previewSynchronize(customersToAccounts, base, erpNow, crmNow, {
      fields: { name: 'crm' },
    });
    expect(rows.find((r) => r.field === 'name')).toEqual({
      field: 'name',
      base: 'Base',
      erp: 'ERP name',
      crm: 'CRM name',
      result: 'CRM name',
      erpChanges: true,
      crmChanges: false,
      conflict: true,
    });
    expect(rows.find((r) => r.field === 'email')).toMatchObject({
      result: 'erp@x.example',
      erpChanges: false,
      crmChanges: true,
      conflict: false,
    });
  });

  it('Restore re-creates the deleted CRM record under the planned id and couples it', () => {
    const result = applyAction(subjectIn('deleted-in-crm'), actions.restore, context);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.outcome.commands).toEqual([
      { type: 'create', side: 'crm', id: 'new-id', values: erpNow },
    ]);
    expect(result.outcome.coupling).toMatchObject({
      erpId: 'e1',
      crmId: 'new-id',
      state: 'coupled',
      base: erpNow,
    });
  });

  it('Restore works on a Skipped coupling whose record was deleted', () => {
    const subject = { ...subjectIn('skipped'), erp: null };
    const result = applyAction(subject, actions.restore, context);
    expect(result.ok && result.outcome.commands).toEqual([
      { type: 'create', side: 'erp', id: 'new-id', values: base },
    ]);
  });

  it('Delete removes the surviving ERP record and the coupling', () => {
    const result = applyAction(subjectIn('deleted-in-crm'), actions.delete, context);
    expect(result).toEqual({
      ok: true,
      outcome: {
        coupling: null,
        commands: [{ type: 'delete', side: 'erp', id: 'e1' }],
        closesErrors: true,
      },
    });
  });

  it('Restore and Delete refuse a pair whose records are both gone', () => {
    const subject = { ...subjectIn('deleted-in-crm'), erp: null };
    expect(applyAction(subject, actions.delete, context)).toMatchObject({
      ok: false,
      error: { code: 'both-records-missing' },
    });
  });

  it('Couple links two records and writes the winner values to the other', () => {
    const result = applyAction(
      subjectIn('uncoupled'),
      { type: 'couple', couplingId: 'k2', erpId: 'e9', crmId: 'a9', winner: 'crm' },
      context,
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.outcome.coupling).toMatchObject({
      id: 'k2',
      erpId: 'e9',
      crmId: 'a9',
      state: 'coupled',
      base: crmNow,
    });
    expect(result.outcome.commands).toEqual([
      {
        type: 'update',
        side: 'erp',
        id: 'e9',
        values: { name: 'CRM name', email: 'a@x.example', phone: '+1 555' },
      },
    ]);
  });

  it('Couple refuses when one record does not exist', () => {
    const subject = { ...subjectIn('uncoupled'), crm: null };
    expect(applyAction(subject, actions.couple, context)).toMatchObject({
      ok: false,
      error: { code: 'record-missing' },
    });
  });

  it('Dismiss closes the errors and leaves the coupling and both records as they are', () => {
    const subject = subjectIn('skipped');
    expect(applyAction(subject, actions.dismiss, context)).toEqual({
      ok: true,
      outcome: { coupling: subject.coupling, commands: [], closesErrors: true },
    });
  });
});
