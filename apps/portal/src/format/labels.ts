const kinds: Readonly<Record<string, string>> = {
  conflict: 'Conflict',
  deleted: 'Deleted',
  validation: 'Invalid data',
  'concurrent-edit': 'Concurrent edit',
  throttled: 'Throttled',
  transport: 'Connection',
  auth: 'Authentication',
  unknown: 'Other',
};

const states: Readonly<Record<string, string>> = {
  failed: 'Failed',
  skipped: 'Skipped',
  conflict: 'Conflict',
  'deleted-in-erp': 'Deleted in ERP',
  'deleted-in-crm': 'Deleted in CRM',
};

const directions: Readonly<Record<string, string>> = {
  erpToCrm: 'ERP → CRM',
  crmToErp: 'CRM → ERP',
  both: 'Both ways',
  bidirectional: 'Both ways',
};

export const kindLabel = (kind: string): string => kinds[kind] ?? kind;
export const stateLabel = (state: string): string => states[state] ?? state;
export const directionLabel = (direction: string | null): string =>
  direction ? (directions[direction] ?? direction) : '—';

export const knownKinds = Object.keys(kinds);
export const knownStates = Object.keys(states);

export function stateSeverity(state: string): 'danger' | 'warn' | 'info' | 'secondary' {
  if (state === 'failed') return 'danger';
  if (state === 'conflict') return 'warn';
  if (state.startsWith('deleted')) return 'info';
  return 'secondary';
}
