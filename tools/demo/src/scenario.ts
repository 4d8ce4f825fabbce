import type { MockAppClient } from './mock-apps';

/**
 * The demo scenario: after an initial sync, provoke every kind of problem the product handles.
 * It is shared by `npm start`, the browser e2e tests and the benchmarks, so what an admin sees in
 * the demo is exactly what the tests resolve.
 */
export interface ScenarioApps {
  erp: MockAppClient;
  crm: MockAppClient;
}

export type ProvokedKind =
  'merge' | 'conflict' | 'deleted-in-erp' | 'deleted-in-crm' | 'invalid' | 'throttled';

export interface ProvokedCase {
  kind: ProvokedKind;
  /** What the demo did, in words for the console and the user guide. */
  what: string;
  customerNumber: string;
  erpId: string;
  crmId: string;
  /** Whether this case leaves an error on the errors page after the next sync. */
  expectError: boolean;
}

interface ErpCustomer {
  id: string;
  number: string;
  displayName: string;
  phoneNumber?: string;
}

interface CrmAccount {
  accountid: string;
  name: string;
  accountnumber: string;
}

interface ODataList<T> {
  value: T[];
}

export const demoSeed = { customers: 300, seed: 42 } as const;

export async function erpCompanyId(erp: MockAppClient): Promise<string> {
  const companies = await erp.get<ODataList<{ id: string; name: string }>>('/api/v2.0/companies');
  const first = companies.value[0];
  if (!first) throw new Error('mock-erp has no company');
  return first.id;
}

/** Seeds the ERP with related customers, contacts and items; the CRM starts empty. */
export async function seedDemoData(apps: ScenarioApps, seed = demoSeed): Promise<void> {
  await apps.erp.control('POST', 'reset');
  await apps.crm.control('POST', 'reset');
  await apps.erp.control('POST', 'seed', { count: seed.customers, seed: seed.seed });
}

async function coupledPairs(
  apps: ScenarioApps,
  count: number,
): Promise<Array<ErpCustomer & { crmId: string }>> {
  const company = await erpCompanyId(apps.erp);
  const customers = await apps.erp.get<ODataList<ErpCustomer>>(
    `/api/v2.0/companies(${company})/customers?$orderby=number&$top=${count * 3}&$select=id,number,displayName,phoneNumber`,
  );
  const pairs: Array<ErpCustomer & { crmId: string }> = [];
  for (const customer of customers.value) {
    const accounts = await apps.crm.get<ODataList<CrmAccount>>(
      `/api/data/v9.2/accounts?$select=accountid,name,accountnumber&$filter=accountnumber eq '${customer.number}'`,
    );
    const account = accounts.value[0];
    if (account) pairs.push({ ...customer, crmId: account.accountid });
    if (pairs.length === count) return pairs;
  }
  throw new Error(
    `only ${pairs.length} of ${count} ERP customers have a CRM account: run the initial sync first`,
  );
}

/**
 * Makes the edits and deletions "by other users" in both apps. Call it after the initial sync and
 * before the next sync run; the run that follows turns them into merges and errors.
 */
export async function provokeProblems(apps: ScenarioApps): Promise<ProvokedCase[]> {
  const company = await erpCompanyId(apps.erp);
  const [mergeable, conflicting, erpDeleted, crmDeleted, invalid] = await coupledPairs(apps, 5);
  if (!mergeable || !conflicting || !erpDeleted || !crmDeleted || !invalid) {
    throw new Error('the scenario needs five coupled customers');
  }
  const erpEdit = (id: string, patch: Record<string, unknown>) =>
    apps.erp.control('POST', 'edit', { companyId: company, entitySet: 'customers', id, patch });
  const crmEdit = (id: string, patch: Record<string, unknown>) =>
    apps.crm.control('POST', 'edit', { entitySet: 'accounts', id, patch });

  await erpEdit(mergeable.id, { phoneNumber: '+1 425 555 0100' });
  await crmEdit(mergeable.crmId, { websiteurl: 'https://www.example.com/merged' });

  await erpEdit(conflicting.id, { displayName: `${conflicting.displayName} (renamed in ERP)` });
  await crmEdit(conflicting.crmId, { name: `${conflicting.displayName} (renamed in CRM)` });

  await apps.erp.control('POST', 'delete', {
    companyId: company,
    entitySet: 'customers',
    id: erpDeleted.id,
  });
  await apps.crm.control('POST', 'delete', { entitySet: 'accounts', id: crmDeleted.crmId });

  await crmEdit(invalid.crmId, { emailaddress1: 'not an email address' });

  const as = (c: ErpCustomer & { crmId: string }) => ({
    customerNumber: c.number,
    erpId: c.id,
    crmId: c.crmId,
  });
  return [
    {
      kind: 'merge',
      what: 'phone changed in the ERP, website in the CRM: merged, no error',
      expectError: false,
      ...as(mergeable),
    },
    {
      kind: 'conflict',
      what: 'name changed differently in both apps: a real field conflict',
      expectError: true,
      ...as(conflicting),
    },
    {
      kind: 'deleted-in-erp',
      what: 'customer deleted in the ERP; its CRM account remains',
      expectError: true,
      ...as(erpDeleted),
    },
    {
      kind: 'deleted-in-crm',
      what: 'account deleted in the CRM; its ERP customer remains',
      expectError: true,
      ...as(crmDeleted),
    },
    {
      kind: 'invalid',
      what: 'an invalid e-mail typed in the CRM is rejected by the ERP',
      expectError: true,
      ...as(invalid),
    },
  ];
}

/** A burst of throttling on both apps while `work` runs; the engine must ride it out. */
export async function withThrottlingBurst<T>(
  apps: ScenarioApps,
  work: () => Promise<T>,
): Promise<T> {
  const burst = { rate429: 0.2, retryAfterSeconds: 1 };
  await apps.crm.setFaults(burst);
  await apps.erp.setFaults(burst);
  try {
    return await work();
  } finally {
    await apps.crm.clearFaults();
    await apps.erp.clearFaults();
  }
}
