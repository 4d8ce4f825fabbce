import { describe, expect, it } from 'vitest';
import { describeAction, type ActionScope } from './describe-action';

const scope = (over: Partial<ActionScope> = {}): ActionScope => ({
  total: 3,
  deletedInErp: 0,
  deletedInCrm: 0,
  mappings: ['Customers ↔ Accounts'],
  ...over,
});

describe('the confirmation of an action', () => {
  it('says Retry writes nothing now and how many records go back into the next sync', () => {
    const text = describeAction({ type: 'retry' }, scope());
    expect(text.header).toBe('Retry 3 records?');
    expect(text.message).toBe(
      '3 records of Customers ↔ Accounts will be put back into the next synchronization. Nothing is written to the ERP or the CRM now.',
    );
    expect(text.danger).toBe(false);
  });

  it('says which app is overwritten when one side wins', () => {
    const text = describeAction({ type: 'synchronize', winner: 'crm' }, scope({ total: 1 }));
    expect(text.message).toContain(
      'the ERP records are overwritten with the values from the CRM. The CRM is not changed.',
    );
    expect(text.acceptLabel).toBe('Overwrite ERP (1 record)');
    expect(text.danger).toBe(true);
  });

  it('counts restores per app where the records were deleted, and names what is skipped', () => {
    const text = describeAction(
      { type: 'restore' },
      scope({ total: 4, deletedInErp: 1, deletedInCrm: 2 }),
    );
    expect(text.message).toBe(
      'Re-creates 1 record in the ERP and 2 records in the CRM where they were deleted, copying the values of the surviving record of Customers ↔ Accounts. 1 record is not a deletion and will be skipped.',
    );
  });

  it('names the app a delete removes the survivors from, and that it cannot be undone', () => {
    const text = describeAction(
      { type: 'delete' },
      scope({ total: 2, deletedInErp: 2, mappings: ['A', 'B'] }),
    );
    expect(text.message).toBe(
      'Permanently deletes 2 records from the CRM where they still exist across 2 mappings, and removes their couplings. This cannot be undone.',
    );
  });

  it('keeps both records when only the coupling is removed', () => {
    const text = describeAction({ type: 'removeCoupling' }, scope({ total: 10_000 }));
    expect(text.header).toBe('Remove the coupling of 10,000 records?');
    expect(text.message).toContain('Both the ERP and the CRM records stay as they are');
  });
});
