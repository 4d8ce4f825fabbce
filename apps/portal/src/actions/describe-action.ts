import { appNames, type BulkAction } from './action-kinds';

/** The records an action will touch, as far as the portal knows them. */
export interface ActionScope {
  /** How many errors (records) the action applies to. */
  total: number;
  /** Of those, how many were deleted in the ERP / in the CRM (state deleted-in-erp / deleted-in-crm). */
  deletedInErp: number;
  deletedInCrm: number;
  /** Mapping names involved, e.g. ["customers ↔ accounts"]. */
  mappings: string[];
}

export interface ActionDescription {
  header: string;
  /** Exactly what will happen to how many records in which app. */
  message: string;
  acceptLabel: string;
  /** Destructive actions get a red accept button. */
  danger: boolean;
}

function records(n: number): string {
  return `${n.toLocaleString('en-US')} record${n === 1 ? '' : 's'}`;
}

function where(scope: ActionScope): string {
  if (scope.mappings.length === 0) return '';
  if (scope.mappings.length === 1) return ` of ${scope.mappings[0]}`;
  return ` across ${scope.mappings.length} mappings`;
}

/** "2 records in the CRM and 1 record in the ERP": where deleted records are, or their survivors. */
function bySide(scope: ActionScope, side: 'deleted' | 'survivor', preposition: string) {
  // A record deleted in the ERP survives in the CRM, and vice versa.
  const erpCount = side === 'deleted' ? scope.deletedInErp : scope.deletedInCrm;
  const crmCount = side === 'deleted' ? scope.deletedInCrm : scope.deletedInErp;
  const parts: string[] = [];
  if (erpCount > 0) parts.push(`${records(erpCount)} ${preposition} ${appNames.erp}`);
  if (crmCount > 0) parts.push(`${records(crmCount)} ${preposition} ${appNames.crm}`);
  return {
    list: parts.join(' and '),
    other: scope.total - scope.deletedInErp - scope.deletedInCrm,
  };
}

function notDeleted(other: number): string {
  return other > 0
    ? ` ${records(other)} ${other === 1 ? 'is' : 'are'} not a deletion and will be skipped.`
    : '';
}

/** The confirmation shown before an action runs. Pure, so the wording is tested directly. */
export function describeAction(action: BulkAction, scope: ActionScope): ActionDescription {
  const n = records(scope.total);
  const of = where(scope);
  switch (action.type) {
    case 'retry':
      return {
        header: `Retry ${n}?`,
        message: `${n}${of} will be put back into the next synchronization. Nothing is written to the ERP or the CRM now.`,
        acceptLabel: `Retry ${n}`,
        danger: false,
      };
    case 'dismiss':
      return {
        header: `Dismiss ${n}?`,
        message: `The errors of ${n}${of} will be hidden from this list. Nothing changes in the ERP or the CRM, and the records stay as they are.`,
        acceptLabel: `Dismiss ${n}`,
        danger: false,
      };
    case 'removeCoupling':
      return {
        header: `Remove the coupling of ${n}?`,
        message: `${n}${of} will no longer be coupled or synchronized. Both the ERP and the CRM records stay as they are; to sync them again they must be coupled again.`,
        acceptLabel: `Remove coupling of ${n}`,
        danger: true,
      };
    case 'synchronize': {
      const winner = appNames[action.winner];
      const loser = appNames[action.winner === 'erp' ? 'crm' : 'erp'];
      return {
        header: `Synchronize ${n} with ${winner} winning?`,
        message: `For ${n}${of}, the values in ${winner} win: ${loser} records are overwritten with the values from ${winner}. ${winner[0]?.toUpperCase()}${winner.slice(1)} is not changed.`,
        acceptLabel: `Overwrite ${action.winner === 'erp' ? 'CRM' : 'ERP'} (${n})`,
        danger: true,
      };
    }
    case 'restore': {
      const { list, other } = bySide(scope, 'deleted', 'in');
      return {
        header: `Restore ${n}?`,
        message: `Re-creates ${list || n} where ${scope.total === 1 ? 'it was' : 'they were'} deleted, copying the values of the surviving record${of}.${notDeleted(other)}`,
        acceptLabel: `Restore ${n}`,
        danger: false,
      };
    }
    case 'delete': {
      const { list, other } = bySide(scope, 'survivor', 'from');
      return {
        header: `Delete ${n}?`,
        message: `Permanently deletes ${list || n} where ${scope.total === 1 ? 'it still exists' : 'they still exist'}${of}, and removes their couplings. This cannot be undone.${notDeleted(other)}`,
        acceptLabel: `Delete ${n}`,
        danger: true,
      };
    }
  }
}
