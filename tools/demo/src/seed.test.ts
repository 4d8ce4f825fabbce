import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockAppClient } from './mock-apps';
import { crmApi, erpCustomers, seedDemoData, type ScenarioApps } from './seed';

let erp: RunningMockErp;
let crm: RunningMockCrm;
let apps: ScenarioApps;

beforeAll(async () => {
  erp = await startMockErp({ port: 0, token: 't', log: false });
  crm = await startMockCrm({ port: 0, token: 't', log: false });
  apps = {
    erp: mockAppClient({ url: erp.url, token: 't' }),
    crm: mockAppClient({ url: crm.url, token: 't' }),
  };
});
afterAll(async () => {
  await erp?.close();
  await crm?.close();
});

interface Account {
  accountid: string;
  accountnumber: string | null;
  name: string;
  emailaddress1: string | null;
}

const accounts = () =>
  apps.crm.getAll<Account>(
    `${crmApi}/accounts?$select=accountid,accountnumber,name,emailaddress1&$orderby=accountnumber`,
  );
const contacts = () =>
  apps.crm.getAll<{ contactid: string; _parentcustomerid_value: string | null }>(
    `${crmApi}/contacts?$select=contactid,_parentcustomerid_value`,
  );

describe('demo seeding of both apps', () => {
  it('gives the CRM accounts that match ERP customers by number, with their values, and CRM-only ones', async () => {
    const summary = await seedDemoData(apps, { customers: 30, seed: 11 });
    const customers = await erpCustomers(apps.erp);
    const byNumber = new Map(customers.map((c) => [c.number, c]));
    const crmAccounts = await accounts();
    const matching = crmAccounts.filter((a) => a.accountnumber && byNumber.has(a.accountnumber));
    const only = crmAccounts.filter((a) => !a.accountnumber || !byNumber.has(a.accountnumber));

    expect(summary.erp.customers).toBe(30);
    expect(customers).toHaveLength(30);
    expect(matching).toHaveLength(summary.crm.matchingAccounts);
    expect(matching.length).toBeGreaterThan(0);
    for (const account of matching) {
      const customer = byNumber.get(account.accountnumber!)!;
      expect([account.name, account.emailaddress1]).toEqual([customer.displayName, customer.email]);
    }
    expect(only).toHaveLength(summary.crm.crmOnlyAccounts);
    expect(only.every((a) => /^CRM\d{4}$/.test(a.accountnumber ?? ''))).toBe(true);
  });

  it('links every seeded CRM contact to one of the matching accounts', async () => {
    const summary = await seedDemoData(apps, { customers: 30, seed: 11 });
    const ids = new Set((await accounts()).map((a) => a.accountid));
    const seeded = await contacts();
    expect(seeded).toHaveLength(summary.crm.matchingContacts);
    expect(
      seeded.every((c) => c._parentcustomerid_value && ids.has(c._parentcustomerid_value)),
    ).toBe(true);
  });

  it('reproduces the same records, ids included, from the same seed, and others from another', async () => {
    await seedDemoData(apps, { customers: 20, seed: 3 });
    const first = { erp: await erpCustomers(apps.erp), crm: await accounts() };
    await seedDemoData(apps, { customers: 20, seed: 3 });
    const second = { erp: await erpCustomers(apps.erp), crm: await accounts() };
    expect(second).toEqual(first);
    await seedDemoData(apps, { customers: 20, seed: 4 });
    expect((await accounts()).map((a) => a.accountid)).not.toEqual(
      first.crm.map((a) => a.accountid),
    );
  });
});
