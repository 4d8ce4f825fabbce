import type { CouplingInput, NewHistoryEvent, RaiseError } from '@twinsync/sync-store';
import type { JobCounters } from './counters';

/** A dry run's verdict for one record (also what a real run did, for reports). */
export interface PreviewEntry {
  couplingId: string | null;
  erpId: string | null;
  crmId: string | null;
  /** The record's business number and display name, when known (for people reading a preview). */
  recordNumber: string | null;
  recordName: string | null;
  /** e.g. 'create-crm', 'update-erp', 'merge', 'conflict', 'unchanged', 'deleted-in-crm'. */
  action: string;
  fields: string[];
  message: string | null;
}

/** What one record's processing leaves in the store, committed with its batch. */
export interface RecordResult {
  upsert?: CouplingInput & { id: string };
  remove?: string;
  history: NewHistoryEvent[];
  error?: RaiseError;
  /** Coupling whose open errors this run resolved. */
  resolve?: string;
  counters: Partial<JobCounters>;
  preview: PreviewEntry;
}
