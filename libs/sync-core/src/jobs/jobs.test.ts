import { describe, expect, it } from 'vitest';
import type { Decision, DecisionType } from '../decide/decision';
import {
  addCounters,
  countsFor,
  emptyCounters,
  thresholdBreach,
  type JobCounters,
} from './counters';
import { historyEvent, type HistoryEvent } from './history';

const meta = { jobId: 'j1', at: '2026-12-01T08:00:00Z', mappingId: 'customers', couplingId: 'k1' };
const erp = { name: 'A', phone: '1' };
const crm = { name: 'A', phone: '2' };

/** One decision of each type with its counters and history outcome: a missing type does not compile. */
const cases: Record<
  DecisionType,
  { decision: Decision; counts: Partial<JobCounters>; event: Partial<HistoryEvent> }
> = {
  unchanged: {
    decision: { type: 'unchanged', base: erp },
    counts: { unchanged: 1 },
    event: { outcome: 'unchanged', direction: null },
  },
  update: {
    decision: {
      type: 'update',
      target: 'crm',
      values: { phone: '1' },
      base: erp,
      resolved: [],
      deferred: [],
    },
    counts: { modified: 1 },
    event: {
      outcome: 'updated',
      direction: 'erp-to-crm',
      changes: { erp: [], crm: [{ field: 'phone', before: '2', after: '1' }] },
    },
  },
  merge: {
    decision: {
      type: 'merge',
      toErp: { name: 'B' },
      toCrm: { phone: '1' },
      base: erp,
      resolved: [],
    },
    counts: { modified: 1, merged: 1 },
    event: {
      outcome: 'merged',
      direction: 'both',
      changes: {
        erp: [{ field: 'name', before: 'A', after: 'B' }],
        crm: [{ field: 'phone', before: '2', after: '1' }],
      },
    },
  },
  conflict: {
    decision: { type: 'conflict', fields: [{ field: 'phone', base: '0', erp: '1', crm: '2' }] },
    counts: { conflicts: 1, failed: 1 },
    event: { outcome: 'conflict', message: 'Changed in both apps: phone.' },
  },
  create: {
    decision: { type: 'create', target: 'erp', values: crm },
    counts: { inserted: 1, coupled: 1 },
    event: { outcome: 'created', direction: 'crm-to-erp' },
  },
  match: {
    decision: { type: 'match', target: 'crm', candidateId: 'a', field: 'number', priority: 0 },
    counts: { coupled: 1 },
    event: { outcome: 'coupled', message: 'Matched on number.' },
  },
  deleted: {
    decision: { type: 'deleted', deletedIn: 'crm', resolution: 'delete-survivor' },
    counts: { deleted: 1, uncoupled: 1 },
    event: { outcome: 'deleted' },
  },
  invalid: {
    decision: {
      type: 'invalid',
      side: 'erp',
      problems: [{ field: 'name', message: 'name is required' }],
    },
    counts: { failed: 1 },
    event: { outcome: 'failed', message: 'name is required' },
  },
  skip: {
    decision: { type: 'skip', reason: 'direction', message: 'not now' },
    counts: { skipped: 1 },
    event: { outcome: 'skipped', message: 'not now' },
  },
};

describe('job counters and history events', () => {
  it.each(Object.entries(cases))('a %s decision counts and logs as expected', (_t, c) => {
    expect(countsFor(c.decision)).toEqual(c.counts);
    expect(historyEvent(c.decision, meta, { erp, crm })).toMatchObject({ ...meta, ...c.event });
  });

  it('counters add up across records', () => {
    let total = emptyCounters();
    total = addCounters(total, { inserted: 2 });
    total = addCounters(total, { inserted: 1, failed: 1 });
    expect(total).toMatchObject({ inserted: 3, failed: 1, modified: 0 });
  });

  it('a deletion restored from the survivor is logged with the survivor values', () => {
    const event = historyEvent({ type: 'deleted', deletedIn: 'crm', resolution: 'restore' }, meta, {
      erp,
      crm: null,
    });
    expect(event).toMatchObject({
      outcome: 'restored',
      direction: 'erp-to-crm',
      changes: {
        crm: [
          { field: 'name', before: null, after: 'A' },
          { field: 'phone', before: null, after: '1' },
        ],
      },
    });
  });

  it('a mapping pauses when the failure rate or the open errors pass their thresholds', () => {
    const t = { maxFailureRate: 0.2, minRecords: 50, maxOpenErrors: 100 };
    expect(thresholdBreach(t, { processed: 100, failed: 20, openErrors: 0 })).toBeNull();
    expect(thresholdBreach(t, { processed: 100, failed: 21, openErrors: 0 })).toContain('21 %');
    expect(thresholdBreach(t, { processed: 10, failed: 10, openErrors: 0 })).toBeNull();
    expect(thresholdBreach(t, { processed: 0, failed: 0, openErrors: 101 })).toContain('101 open');
  });

  it.each([
    ['raise-error', { failed: 1 }, 'failed'],
    ['restore', { inserted: 1 }, 'restored'],
    ['remove-coupling', { uncoupled: 1 }, 'uncoupled'],
  ] as const)('a deletion resolved by %s counts %j', (resolution, counts, outcome) => {
    const decision = { type: 'deleted', deletedIn: 'erp', resolution } as const;
    expect(countsFor(decision)).toEqual(counts);
    expect(historyEvent(decision, meta, { erp: null, crm }).outcome).toBe(outcome);
  });
});
