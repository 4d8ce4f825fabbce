export interface MappingView {
  id: string;
  name: string;
  erpEntity: string;
  crmEntity: string;
  /** bidirectional, erpToCrm or crmToErp. */
  direction: string;
  /** raiseError, erpWins, crmWins, newestWins or fieldMerge. */
  updateConflictPolicy: string;
  /** raiseError, restore, deleteSurvivor or removeCoupling. */
  deletionConflictPolicy: string;
  /** scheduled: runs every `scheduleMinutes`; live: also runs on change notifications. */
  mode: string;
  scheduleMinutes: number;
  /** Open errors above which the mapping is paused and an alert raised; null = the default. */
  errorThreshold: number | null;
  paused: boolean;
  pausedReason: string | null;
  /** The store's field mapping overrides, else the engine's fields ({ field, erp, crm }). */
  fieldMappings: unknown[];
  /** Fields used to couple existing records by value (empty when the engine does not say). */
  matchFields: string[];
  openErrors: number;
  updatedAt: string;
  updatedBy: string | null;
}
