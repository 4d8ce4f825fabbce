import type { Faults, MockAppClient } from './mock-apps';
import { crmApi, erpCompanyId, erpCustomers, type ErpCustomer, type ScenarioApps } from './seed';

/**
 * The demo scenario: after an initial sync, provoke every kind of problem the product handles.
 * It is shared by `npm start`, the browser e2e tests and the benchmarks, so what an admin sees in
 * the demo is exactly what the tests resolve. It talks to the apps over HTTP only.
 */
export type ProvokedKind =
  'merge' | 'conflict' | 'deleted-in-erp' | 'deleted-in-crm' | 'invalid' | 'throttled';

export interface ProvokedCase {
  kind: ProvokedKind;
  /** What the demo did, in words for the console and the user guide. */
  what: string;
  customerNumber: string;
  customerName: string;
  erpId: string;
  crmId: string;
  /** Whether this case leaves an open error on the errors page after the next sync. */
  expectError: boolean;
}

/** An ERP edit made just before the throttled run; it must reach the CRM despite the 429s. */
export interface BurstEdit {
  customerNumber: string;
  erpId: string;
  crmId: string;
  phone: string;
}

export interface ProvokedProblems {
  cases: ProvokedCase[];
  burstEdits: BurstEdit[];
}

interface CrmAccount {
  accountid: string;
  accountnumber: string | null;
  telephone1: string | null;
}

type Pair = ErpCustomer & { crmId: string };

/**
 * The throttling burst. Each app first refuses every request (429, Retry-After 1 s) until it has
 * refused `refusals` of them, then keeps refusing about one request in three until the work ends.
 * So both apps surely throttle, whatever the order and number of requests the work makes. The
 * connectors retry up to 8 times honouring Retry-After, so a request fails for good only with
 * probability about 0.2^6 after the hard start.
 */
export interface ThrottlingBurst {
  /** 429 answers each app gives before easing off (default 3). */
  refusals: number;
  /** The faults after the hard start (default a 429 for 20 % of requests, Retry-After 1 s). */
  then: Faults;
  retryAfterSeconds: number;
}

export const throttlingBurst: ThrottlingBurst = {
  refusals: 3,
  then: { rate429: 0.2, retryAfterSeconds: 1 },
  retryAfterSeconds: 1,
};

async function crmAccountByNumber(apps: ScenarioApps, number: string): Promise<CrmAccount | null> {
  const found = await apps.crm.get<{ value: CrmAccount[] }>(
    `${crmApi}/accounts?$select=accountid,accountnumber,telephone1&$filter=accountnumber eq '${number.replace(/'/g, "''")}'`,
  );
  return found.value[0] ?? null;
}

/** ERP customers (in number order, active ones) with the id of their CRM twin. */
async function coupledPairs(apps: ScenarioApps, count: number): Promise<Pair[]> {
  const customers = (await erpCustomers(apps.erp)).filter((c) => c.blocked.trim() === '');
  const pairs: Pair[] = [];
  for (const customer of customers) {
    if (pairs.length === count) break;
    const account = await crmAccountByNumber(apps, customer.number);
    if (account) pairs.push({ ...customer, crmId: account.accountid });
  }
  if (pairs.length < count) {
    throw new Error(
      `the scenario needs ${count} coupled customers but only ${pairs.length} ERP customers have a CRM account: run the initial sync first`,
    );
  }
  return pairs;
}

/**
 * Makes the edits and deletions "by other users" in both apps. Call it after the initial sync and
 * before the next sync run; the run that follows turns them into merges and errors. `burstEdits`
 * more customers get a new phone number in the ERP, for the throttled run to carry over.
 */
export async function provokeProblems(
  apps: ScenarioApps,
  options: { burstEdits?: number } = {},
): Promise<ProvokedProblems> {
  const burstCount = options.burstEdits ?? 20;
  const company = await erpCompanyId(apps.erp);
  const pairs = await coupledPairs(apps, 5 + burstCount);
  const [mergeable, conflicting, erpDeleted, crmDeleted, invalid] = pairs;
  if (!mergeable || !conflicting || !erpDeleted || !crmDeleted || !invalid) {
    throw new Error('the scenario needs five coupled customers');
  }
  const erpEdit = (id: string, patch: Record<string, unknown>) =>
    apps.erp.control('POST', 'edit', { companyId: company, entitySet: 'customers', id, patch });
  const crmEdit = (id: string, patch: Record<string, unknown>) =>
    apps.crm.control('POST', 'edit', { entitySet: 'accounts', id, patch });

  await erpEdit(mergeable.id, { phoneNumber: '+1 425 555 0100' });
  await crmEdit(mergeable.crmId, { websiteurl: 'www.merged-in-both-apps.example.com' });

  await erpEdit(conflicting.id, { displayName: `${conflicting.displayName} (ERP)` });
  await crmEdit(conflicting.crmId, { name: `${conflicting.displayName} (CRM)` });

  await apps.erp.control('POST', 'delete', {
    companyId: company,
    entitySet: 'customers',
    id: erpDeleted.id,
  });
  await apps.crm.control('POST', 'delete', { entitySet: 'accounts', id: crmDeleted.crmId });

  await crmEdit(invalid.crmId, { emailaddress1: 'billing at example dot com' });

  const burstEdits: BurstEdit[] = [];
  for (const [i, pair] of pairs.slice(5).entries()) {
    const phone = `+1 206 555 ${String(2000 + i).padStart(4, '0')}`;
    await erpEdit(pair.id, { phoneNumber: phone });
    burstEdits.push({ customerNumber: pair.number, erpId: pair.id, crmId: pair.crmId, phone });
  }

  const as = (c: Pair) => ({
    customerNumber: c.number,
    customerName: c.displayName,
    erpId: c.id,
    crmId: c.crmId,
  });
  const cases: ProvokedCase[] = [
    {
      kind: 'merge',
      what: 'phone changed in the ERP, website in the CRM: merged field by field, no error',
      expectError: false,
      ...as(mergeable),
    },
    {
      kind: 'conflict',
      what: 'name changed differently in both apps: a real field conflict to resolve',
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
      what: 'an invalid e-mail address typed in the CRM is rejected by the ERP',
      expectError: true,
      ...as(invalid),
    },
  ];
  const first = pairs[5];
  if (first) {
    cases.push({
      kind: 'throttled',
      what: `${burstEdits.length} phone numbers changed in the ERP reach the CRM through a burst of 429 answers; nothing is Skipped`,
      expectError: false,
      ...as(first),
    });
  }
  return { cases, burstEdits };
}

/** 429 answers an app gave so far (its `/_mock/counters`). */
export async function answered429(app: MockAppClient): Promise<number> {
  const counters = await app.control<{ faults?: Record<string, number> }>('GET', 'counters');
  return counters.faults?.['429'] ?? 0;
}

/** A burst of throttling on both apps while `work` runs; the engine must ride it out. */
export async function withThrottlingBurst<T>(
  apps: ScenarioApps,
  work: () => Promise<T>,
  burst: ThrottlingBurst = throttlingBurst,
): Promise<T> {
  const sides = [apps.erp, apps.crm];
  const before = await Promise.all(sides.map(answered429));
  const hard = new Set(sides);
  for (const app of sides) {
    await app.setFaults({ rate429: 1, retryAfterSeconds: burst.retryAfterSeconds });
  }
  let done = false;
  const ease = (async () => {
    // Bounded: ends with the work, at most 10 minutes of 100 ms polls.
    for (let polls = 0; !done && hard.size > 0 && polls < 6000; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const [i, app] of sides.entries()) {
        if (!hard.has(app)) continue;
        if ((await answered429(app)) - (before[i] ?? 0) < burst.refusals) continue;
        await app.setFaults(burst.then);
        hard.delete(app);
      }
    }
  })();
  try {
    return await work();
  } finally {
    done = true;
    await ease.catch(() => undefined);
    for (const app of sides) await app.clearFaults();
  }
}

/** The burst edits whose new phone number has not reached the CRM (empty when all arrived). */
export async function missingBurstEdits(
  apps: ScenarioApps,
  edits: readonly BurstEdit[],
): Promise<BurstEdit[]> {
  const missing: BurstEdit[] = [];
  for (const edit of edits) {
    const account = await crmAccountByNumber(apps, edit.customerNumber);
    if (account?.telephone1 !== edit.phone) missing.push(edit);
  }
  return missing;
}
