import type { SyncDirection } from '../coupling/coupling';
import type { Decision } from '../decide/decision';
import { sameValue, type FieldValue, type FieldValues, type Side } from '../values/field-value';

export type HistoryOutcome =
  | 'unchanged'
  | 'updated'
  | 'merged'
  | 'created'
  | 'coupled'
  | 'restored'
  | 'deleted'
  | 'uncoupled'
  | 'conflict'
  | 'failed'
  | 'skipped';

export interface FieldChange {
  field: string;
  before: FieldValue;
  after: FieldValue;
}

/** One entry of a record's synchronization log. */
export interface HistoryEvent {
  jobId: string;
  at: string;
  mappingId: string;
  couplingId: string | null;
  /** Which way values went; `both` for a merge; null when nothing was written. */
  direction: SyncDirection | 'both' | null;
  outcome: HistoryOutcome;
  /** Before/after values per field written to each app. */
  changes: { erp: readonly FieldChange[]; crm: readonly FieldChange[] };
  message: string | null;
}

const to = (side: Side): SyncDirection => (side === 'crm' ? 'erp-to-crm' : 'crm-to-erp');

function changes(current: FieldValues | null, written: FieldValues): FieldChange[] {
  return Object.entries(written)
    .filter(([field, after]) => !sameValue(current?.[field], after))
    .map(([field, after]) => ({ field, before: current?.[field] ?? null, after }));
}

/** The history event of a decision that was carried out (time and ids are given). */
export function historyEvent(
  decision: Decision,
  meta: { jobId: string; at: string; mappingId: string; couplingId: string | null },
  pair: { erp: FieldValues | null; crm: FieldValues | null },
): HistoryEvent {
  const none = { erp: [], crm: [] };
  const event = (
    outcome: HistoryOutcome,
    direction: HistoryEvent['direction'],
    c: HistoryEvent['changes'] = none,
    message: string | null = null,
  ): HistoryEvent => ({ ...meta, direction, outcome, changes: c, message });
  switch (decision.type) {
    case 'unchanged':
      return event('unchanged', null);
    case 'update': {
      const side = decision.target;
      const c = changes(pair[side], decision.values);
      return event(
        decision.resolved.length > 0 ? 'merged' : 'updated',
        to(side),
        side === 'erp' ? { erp: c, crm: [] } : { erp: [], crm: c },
      );
    }
    case 'merge':
      return event('merged', 'both', {
        erp: changes(pair.erp, decision.toErp),
        crm: changes(pair.crm, decision.toCrm),
      });
    case 'create': {
      const c = changes(null, decision.values);
      return event(
        'created',
        to(decision.target),
        decision.target === 'erp' ? { erp: c, crm: [] } : { erp: [], crm: c },
      );
    }
    case 'match':
      return event('coupled', null, none, `Matched on ${decision.field}.`);
    case 'conflict':
      return event(
        'conflict',
        null,
        none,
        `Changed in both apps: ${decision.fields.map((f) => f.field).join(', ')}.`,
      );
    case 'deleted': {
      const where =
        decision.deletedIn === 'both' ? 'both apps' : `the ${decision.deletedIn.toUpperCase()}`;
      switch (decision.resolution) {
        case 'raise-error':
          return event('failed', null, none, `Deleted in ${where}.`);
        case 'restore': {
          const gone: Side = decision.deletedIn === 'erp' ? 'erp' : 'crm';
          const survivor = gone === 'erp' ? pair.crm : pair.erp;
          const c = survivor ? changes(null, survivor) : [];
          return event(
            'restored',
            to(gone),
            gone === 'erp' ? { erp: c, crm: [] } : { erp: [], crm: c },
          );
        }
        case 'delete-survivor':
          return event('deleted', null, none, `Deleted in ${where}; deleted its twin.`);
        case 'remove-coupling':
          return event('uncoupled', null, none, `Deleted in ${where}; coupling removed.`);
      }
      break;
    }
    case 'invalid':
      return event('failed', null, none, decision.problems.map((p) => p.message).join('; '));
    case 'skip':
      return event('skipped', null, none, decision.message);
  }
}
