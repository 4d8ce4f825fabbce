/**
 * Two in-memory "apps" (ERP and CRM record stores) that the demo engine reads and writes, so an
 * e2e test can check that a choice made in the portal really changed the records, and how.
 */
export type AppRecord = Record<string, string>;
export type Side = 'erp' | 'crm';

export interface DemoApps {
  erp: Map<string, AppRecord>;
  crm: Map<string, AppRecord>;
  read(side: Side, id: string): AppRecord | null;
}

export function createDemoApps(): DemoApps {
  const apps: DemoApps = {
    erp: new Map(),
    crm: new Map(),
    read: (side, id) => {
      const record = apps[side].get(id);
      return record ? { ...record } : null;
    },
  };
  return apps;
}
