import pLimit from 'p-limit';
import type { MockAppClient } from './mock-apps';
import { createPrng, type Prng } from '@twinsync/odata-kit';

/**
 * Demo data for both apps, deterministic from a seed. The ERP is seeded by its own `/_mock/seed`
 * (customers with 0–3 contacts each, and items). The CRM is then filled through its Web API, as its
 * users would have done before TwinSync was installed:
 * - every 5th active ERP customer already exists in the CRM as an account with the same number and
 *   values (and its contacts with the same e-mail addresses), every 5th item as a product with the
 *   same product number — the initial sync must couple these by match instead of duplicating them;
 * - some accounts and products exist only in the CRM — the initial sync creates them in the ERP.
 * Everything else exists only in the ERP, and the initial sync creates it in the CRM.
 */
export interface ScenarioApps {
  erp: MockAppClient;
  crm: MockAppClient;
}

export interface DemoSeed {
  /** ERP customers (and items); the CRM gets about 30 % as many accounts. */
  customers: number;
  seed: number;
}

export const demoSeed: DemoSeed = { customers: 300, seed: 42 };

export interface SeedSummary {
  erp: { customers: number; contacts: number; items: number };
  crm: {
    /** Accounts that match an ERP customer by number (coupled by match, not duplicated). */
    matchingAccounts: number;
    matchingContacts: number;
    matchingProducts: number;
    crmOnlyAccounts: number;
    crmOnlyProducts: number;
  };
}

interface ODataList<T> {
  value: T[];
}

export interface ErpCustomer {
  id: string;
  number: string;
  displayName: string;
  phoneNumber: string;
  email: string;
  website: string;
  addressLine1: string;
  city: string;
  postalCode: string;
  country: string;
  creditLimit: number;
  blocked: string;
}

interface ErpContact {
  id: string;
  displayName: string;
  companyNumber: string;
  email: string;
  phoneNumber: string;
  mobilePhoneNumber: string;
  jobTitle: string;
}

interface ErpItem {
  id: string;
  number: string;
  displayName: string;
  unitPrice: number;
  unitCost: number;
  blocked: boolean;
}

export const erpApi = '/api/v2.0';
export const crmApi = '/api/data/v9.2';

/** The company the ERP mock seeds (CRONUS USA, Inc., listed first). */
export async function erpCompanyId(erp: MockAppClient): Promise<string> {
  const companies = await erp.get<ODataList<{ id: string; name: string }>>(`${erpApi}/companies`);
  const first = companies.value[0];
  if (!first) throw new Error('mock-erp has no company');
  return first.id;
}

export async function erpCustomers(erp: MockAppClient): Promise<ErpCustomer[]> {
  const company = await erpCompanyId(erp);
  return erp.getAll<ErpCustomer>(
    `${erpApi}/companies(${company})/customers?$orderby=number&$select=id,number,displayName,phoneNumber,email,website,addressLine1,city,postalCode,country,creditLimit,blocked`,
  );
}

/** Only set what has a value: the CRM keeps null where the ERP keeps ''. */
function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== '' && v !== null && v !== undefined),
  );
}

function splitName(full: string): { firstname?: string; lastname: string } {
  const space = full.lastIndexOf(' ');
  return space > 0
    ? { firstname: full.slice(0, space), lastname: full.slice(space + 1) }
    : { lastname: full };
}

export function accountFromCustomer(c: ErpCustomer, accountid: string): Record<string, unknown> {
  return compact({
    accountid,
    name: c.displayName,
    accountnumber: c.number,
    telephone1: c.phoneNumber,
    emailaddress1: c.email,
    websiteurl: c.website,
    address1_line1: c.addressLine1,
    address1_city: c.city,
    address1_postalcode: c.postalCode,
    address1_country: c.country,
    creditlimit: c.creditLimit,
  });
}

const crmOnlyNames = [
  'Bellows College',
  'Best For You Organics',
  'Boulder Creek Outfitters',
  'Datum Foods',
  'Fabrikam Residences',
  'Lamna Healthcare',
  'Munson Pickles',
  'Nod Publishing',
  'Olympia Ski Hire',
  'VanArsdel Ltd.',
];
const crmOnlyCities = ['Redmond', 'Seattle', 'Portland', 'Boise', 'Spokane', 'Tacoma'];
const crmOnlyProducts = ['Onboarding workshop', 'Support plan Gold', 'Field visit', 'Data import'];

function crmOnlyAccount(prng: Prng, n: number): Record<string, unknown> {
  const name = `${prng.pick(crmOnlyNames)} ${n}`;
  const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com`;
  return {
    accountid: prng.guid(),
    name,
    accountnumber: `CRM${String(n).padStart(4, '0')}`,
    telephone1: `+1 206 555 ${String(prng.int(1000, 9999))}`,
    emailaddress1: `sales@${domain}`,
    websiteurl: `www.${domain}`,
    address1_city: prng.pick(crmOnlyCities),
    address1_country: 'US',
    creditlimit: prng.int(1, 20) * 1000,
  };
}

/**
 * Resets both mocks and seeds them (see the file comment). The same `seed` always produces the
 * same records, ids included, in both apps.
 */
export async function seedDemoData(
  apps: ScenarioApps,
  seed: DemoSeed = demoSeed,
): Promise<SeedSummary> {
  await apps.erp.control('POST', 'reset');
  await apps.crm.control('POST', 'reset');
  const company = await erpCompanyId(apps.erp);
  await apps.erp.control('POST', 'seed', {
    count: seed.customers,
    seed: seed.seed,
    companyId: company,
  });
  const base = `${erpApi}/companies(${company})`;
  const [customers, contacts, items] = await Promise.all([
    erpCustomers(apps.erp),
    apps.erp.getAll<ErpContact>(
      `${base}/contacts?$orderby=number&$select=id,displayName,companyNumber,email,phoneNumber,mobilePhoneNumber,jobTitle`,
    ),
    apps.erp.getAll<ErpItem>(
      `${base}/items?$orderby=number&$select=id,number,displayName,unitPrice,unitCost,blocked`,
    ),
  ]);

  const prng = createPrng(seed.seed);
  const limit = pLimit(6);
  const post = (set: string, body: Record<string, unknown>) =>
    limit(() => apps.crm.send('POST', `${crmApi}/${set}`, body));

  const matching = customers.filter((c, i) => i % 5 === 1 && c.blocked.trim() === '');
  const accountIds = new Map(matching.map((c) => [c.number, prng.guid()]));
  const crmOnly = Array.from({ length: Math.max(2, Math.round(seed.customers * 0.1)) }, (_, i) =>
    crmOnlyAccount(prng, i + 1),
  );
  await Promise.all([
    ...matching.map((c) => post('accounts', accountFromCustomer(c, accountIds.get(c.number)!))),
    ...crmOnly.map((a) => post('accounts', a)),
  ]);

  const matchingContacts = contacts.filter((c) => accountIds.has(c.companyNumber));
  await Promise.all(
    matchingContacts.map((c) =>
      post(
        'contacts',
        compact({
          contactid: prng.guid(),
          ...splitName(c.displayName),
          emailaddress1: c.email,
          telephone1: c.phoneNumber,
          mobilephone: c.mobilePhoneNumber,
          jobtitle: c.jobTitle,
          'parentcustomerid_account@odata.bind': `/accounts(${accountIds.get(c.companyNumber)})`,
        }),
      ),
    ),
  );

  const matchingItems = items.filter((item, i) => i % 5 === 2 && !item.blocked);
  const productCount = Math.max(1, Math.round(seed.customers * 0.02));
  await Promise.all([
    ...matchingItems.map((item) =>
      post('products', {
        productid: prng.guid(),
        name: item.displayName,
        productnumber: item.number,
        price: item.unitPrice,
        standardcost: item.unitCost,
      }),
    ),
    ...Array.from({ length: productCount }, (_, i) =>
      post('products', {
        productid: prng.guid(),
        name: `${prng.pick(crmOnlyProducts)} ${i + 1}`,
        productnumber: `CRMP${String(i + 1).padStart(3, '0')}`,
        price: prng.int(50, 900),
        standardcost: prng.int(10, 40),
      }),
    ),
  ]);

  return {
    erp: { customers: customers.length, contacts: contacts.length, items: items.length },
    crm: {
      matchingAccounts: matching.length,
      matchingContacts: matchingContacts.length,
      matchingProducts: matchingItems.length,
      crmOnlyAccounts: crmOnly.length,
      crmOnlyProducts: productCount,
    },
  };
}
