/** The actions of the Coupled Data Synchronization Errors page. */
export type BulkAction =
  | { type: 'removeCoupling' }
  | { type: 'retry' }
  | { type: 'synchronize'; winner: 'erp' | 'crm' }
  | { type: 'restore' }
  | { type: 'delete' }
  | { type: 'dismiss' };

export type BulkActionType = BulkAction['type'];

export const actionLabels: Readonly<Record<BulkActionType, string>> = {
  removeCoupling: 'Remove coupling',
  retry: 'Retry',
  synchronize: 'Synchronize',
  restore: 'Restore records',
  delete: 'Delete records',
  dismiss: 'Dismiss',
};

export const appNames = { erp: 'the ERP', crm: 'the CRM' } as const;
