export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface RecordLogEntry {
  id: string;
  couplingId: string | null;
  jobId: string | null;
  at: string;
  direction: string | null;
  /** e.g. inserted, modified, unchanged, conflict, failed, skipped, coupled, uncoupled. */
  outcome: string;
  message: string | null;
  changes: FieldChange[];
}

export interface RecordRef {
  couplingId: string;
  mappingId: string;
  erpId: string | null;
  crmId: string | null;
  recordNumber: string | null;
  recordName: string | null;
  skipped: boolean;
}

export interface RecordLogPage {
  record: RecordRef | null;
  items: RecordLogEntry[];
  nextCursor: string | null;
}
