import type { ErrorCounts, ErrorListItem, Me } from '../api/types';

let seq = 0;

export function errorItem(overrides: Partial<ErrorListItem> = {}): ErrorListItem {
  seq += 1;
  return {
    id: `err-${seq}`,
    mappingId: 'customers',
    mappingName: 'customers ↔ accounts',
    couplingId: `cpl-${seq}`,
    kind: 'conflict',
    state: 'conflict',
    direction: 'erpToCrm',
    message: 'Both sides changed',
    erpId: `erp-${seq}`,
    crmId: `crm-${seq}`,
    recordNumber: `C${String(10000 + seq)}`,
    recordName: `Customer ${seq}`,
    jobId: 'job-1',
    occurrenceCount: 1,
    firstSeenAt: '2025-03-01T10:00:00.000Z',
    lastSeenAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

export function countsOf(items: readonly ErrorListItem[]): ErrorCounts {
  const byKind: Record<string, number> = {};
  const byState: Record<string, number> = {};
  for (const item of items) {
    byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
    byState[item.state] = (byState[item.state] ?? 0) + 1;
  }
  return { total: items.length, byKind, byState };
}

export function meAs(role: Me['role']): Me {
  return {
    username: role === 'admin' ? 'Ada Admin' : role,
    role,
    csrfToken: `csrf-${role}`,
    expiresAt: '2030-01-01T00:00:00.000Z',
  };
}
