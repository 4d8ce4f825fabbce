/** What the errors area returns. Dates are ISO strings (no transformer on the wire). */

export interface ErrorListItem {
  id: string;
  mappingId: string;
  mappingName: string;
  couplingId: string | null;
  kind: string;
  state: string;
  direction: string | null;
  message: string;
  erpId: string | null;
  crmId: string | null;
  /** Human key of the ERP record (customer/item number), when known. */
  recordNumber: string | null;
  recordName: string | null;
  jobId: string | null;
  occurrenceCount: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface ErrorListPage {
  items: ErrorListItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ErrorCounts {
  total: number;
  byKind: Record<string, number>;
  byState: Record<string, number>;
}

export interface FieldComparison {
  field: string;
  base: unknown;
  erp: unknown;
  crm: unknown;
  /** ERP value differs from the last synced (base) value. */
  erpChanged: boolean;
  crmChanged: boolean;
  /** ERP and CRM currently disagree. */
  differs: boolean;
}

export interface ErrorOccurrence {
  id: string;
  jobId: string | null;
  occurredAt: string;
  message: string;
  details: unknown;
}

export interface ErrorDetail extends ErrorListItem {
  details: unknown;
  /** One row per mapped field, ERP / base / CRM side by side. */
  fields: FieldComparison[];
  occurrences: ErrorOccurrence[];
}
