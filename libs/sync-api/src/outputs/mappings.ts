export interface MappingView {
  id: string;
  name: string;
  erpEntity: string;
  crmEntity: string;
  direction: string;
  updateConflictPolicy: string;
  deletionConflictPolicy: string;
  /** scheduled: runs every `scheduleMinutes`; live: also runs on change notifications. */
  mode: string;
  scheduleMinutes: number;
  /** Open errors above which the mapping is paused and an alert raised; null = the default. */
  errorThreshold: number | null;
  paused: boolean;
  pausedReason: string | null;
  fieldMappings: unknown[];
  openErrors: number;
}
