import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  crmApi,
  erpApi,
  erpCompanyId,
  erpCustomers,
  runDemoScenario,
  startDemoSystem,
  type DemoRunResult,
  type DemoSystem,
  type ErpCustomer,
  type ProvokedCase,
} from '@twinsync/demo';
import { requirePortalBuild } from './portal-dist';

export interface CustomerPair {
  number: string;
  name: string;
  erpId: string;
  crmId: string;
}

/** Extra problems the browser tests resolve beyond the demo scenario's. */
export interface ExtraProblems {
  /** Name and phone changed differently in both apps: resolved field by field. */
  fieldConflict: CustomerPair & {
    erp: { name: string; phone: string };
    crm: { name: string; phone: string };
  };
  /** Names changed differently in both apps: their couplings are removed in bulk. */
  bulkConflicts: CustomerPair[];
}

export interface ErpCustomerRow {
  id: string;
  number: string;
  displayName: string;
  phoneNumber: string;
  email: string;
}

export interface CrmAccountRow {
  accountid: string;
  accountnumber: string | null;
  name: string;
  telephone1: string | null;
  emailaddress1: string | null;
}

export interface RealStack {
  /** The sync server, serving the built portal and the API. */
  url: string;
  system: DemoSystem;
  scenario: DemoRunResult;
  extra: ExtraProblems;
  caseOf(kind: ProvokedCase['kind']): ProvokedCase;
  /** The ERP customer with this number, read from mock-erp's API (null when there is none). */
  erpCustomer(number: string): Promise<ErpCustomerRow | null>;
  /** The CRM account with this number, read from mock-crm's API (null when there is none). */
  crmAccount(number: string): Promise<CrmAccountRow | null>;
  close(): Promise<void>;
}

const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The real system in this process on ephemeral ports: mock-erp, mock-crm, the sync store (SQLite
 * in a temporary folder), the engine and the sync server with the built portal. Seeds both apps,
 * runs the demo scenario (initial sync, then a conflict, a deletion in each app, invalid data and
 * a throttling burst), then provokes a two-field conflict and three more name conflicts and syncs
 * customers again. `close` stops everything and removes the folder.
 */
export async function startRealStack(
  options: { customers?: number; seed?: number } = {},
): Promise<RealStack> {
  const portalDir = requirePortalBuild();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'twinsync-e2e-'));
  let system: DemoSystem | null = null;
  const close = async () => {
    await system?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    system = await startDemoSystem({
      dataDir,
      serverPort: 0,
      crmPort: 0,
      erpPort: 0,
      bcryptRounds: 4,
      portalDir,
      logLevel: 'silent',
    });
    const scenario = await runDemoScenario(system, {
      seed: { customers: options.customers ?? 40, seed: options.seed ?? 7 },
      burstEdits: 4,
    });
    const extra = await provokeExtraProblems(system, scenario);
    const rerun = await system.engine.runSync({
      mapping: 'customers',
      trigger: 'manual',
      requestedBy: 'e2e',
    });
    if (rerun.status !== 'succeeded') throw new Error(`the extra sync ended ${rerun.status}`);
    const running = system;
    const company = await erpCompanyId(running.apps.erp);
    return {
      url: running.serverUrl,
      system: running,
      scenario,
      extra,
      caseOf(kind) {
        const found = scenario.problems.cases.find((c) => c.kind === kind);
        if (!found) throw new Error(`the demo scenario has no ${kind} case`);
        return found;
      },
      async erpCustomer(number) {
        const rows = await running.apps.erp.getAll<ErpCustomerRow>(
          `${erpApi}/companies(${company})/customers?$filter=number eq ${quoted(number)}&$select=id,number,displayName,phoneNumber,email`,
        );
        return rows[0] ?? null;
      },
      async crmAccount(number) {
        const rows = await running.apps.crm.getAll<CrmAccountRow>(
          `${crmApi}/accounts?$filter=accountnumber eq ${quoted(number)}&$select=accountid,accountnumber,name,telephone1,emailaddress1`,
        );
        return rows[0] ?? null;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function provokeExtraProblems(
  system: DemoSystem,
  scenario: DemoRunResult,
): Promise<ExtraProblems> {
  const used = new Set([
    ...scenario.problems.cases.map((c) => c.customerNumber),
    ...scenario.problems.burstEdits.map((e) => e.customerNumber),
  ]);
  const pairs: CustomerPair[] = [];
  const customers: ErpCustomer[] = await erpCustomers(system.apps.erp);
  for (const c of customers) {
    if (pairs.length === 4) break;
    if (used.has(c.number) || c.blocked.trim() !== '') continue;
    const coupling = await system.store.couplings.findByErpId('customers', c.id);
    if (coupling?.crmId && coupling.state === 'coupled') {
      pairs.push({ number: c.number, name: c.displayName, erpId: c.id, crmId: coupling.crmId });
    }
  }
  const [field, ...bulk] = pairs;
  if (!field || bulk.length < 3) throw new Error('the e2e needs four more coupled customers');
  const company = await erpCompanyId(system.apps.erp);
  const erpEdit = (id: string, patch: Record<string, unknown>) =>
    system.apps.erp.control('POST', 'edit', {
      companyId: company,
      entitySet: 'customers',
      id,
      patch,
    });
  const crmEdit = (id: string, patch: Record<string, unknown>) =>
    system.apps.crm.control('POST', 'edit', { entitySet: 'accounts', id, patch });

  const fieldConflict = {
    ...field,
    erp: { name: `${field.name} (ERP)`, phone: '+1 206 555 0111' },
    crm: { name: `${field.name} (CRM)`, phone: '+1 206 555 0122' },
  };
  await erpEdit(field.erpId, {
    displayName: fieldConflict.erp.name,
    phoneNumber: fieldConflict.erp.phone,
  });
  await crmEdit(field.crmId, { name: fieldConflict.crm.name, telephone1: fieldConflict.crm.phone });
  for (const pair of bulk) {
    await erpEdit(pair.erpId, { displayName: `${pair.name} (ERP)` });
    await crmEdit(pair.crmId, { name: `${pair.name} (CRM)` });
  }
  return { fieldConflict, bulkConflicts: bulk };
}
