import type { JobCounters, Store } from '@twinsync/sync-store';
import type { AppRecord, DemoApps } from './demo-apps';

/** The records a test looks for by name; ids are stable so the apps can be read back. */
export const scenario = {
  mappingId: 'customers',
  conflict: { number: 'C10000', name: 'Adatum Corporation', erpId: 'erp-c10000', crmId: 'crm-a1' },
  deletedInCrm: { number: 'C10010', name: 'Trey Research', erpId: 'erp-c10010', crmId: 'crm-a2' },
  deletedInErp: { number: 'C10020', name: 'Fabrikam Inc.', erpId: 'erp-c10020', crmId: 'crm-a3' },
  invalid: { number: 'C10030', name: 'Coho Winery', erpId: 'erp-c10030', crmId: 'crm-a4' },
  /** Items whose sync keeps being throttled (bulk actions, paging). */
  throttledCount: 60,
} as const;

/** A settable clock, so seeded jobs and errors can lie in the past. */
export interface SeedClock {
  now: () => Date;
  set: (at: Date | null) => void;
}

export function createSeedClock(): SeedClock {
  let fixed: Date | null = null;
  return { now: () => fixed ?? new Date(), set: (at) => (fixed = at) };
}

const customer = (name: string, city: string, phone: string): AppRecord => ({ name, city, phone });

/**
 * Seeds what a day of syncing customers ↔ accounts leaves behind: a conflict (both apps edited
 * the same customer), a customer deleted in each app, one with invalid data, and a pile of
 * throttled items; jobs with counters over the last six hours, and the conflict's history.
 */
export async function seedScenario(store: Store, apps: DemoApps, clock: SeedClock): Promise<void> {
  const real = clock.now();
  const ago = (minutes: number) => new Date(real.getTime() - minutes * 60_000);
  const { mappingId } = scenario;
  await store.mappings.upsert({
    id: mappingId,
    name: 'Customers ↔ Accounts',
    erpEntity: 'customers',
    crmEntity: 'accounts',
    errorThreshold: 500,
  });
  await store.mappings.upsert({
    id: 'items',
    name: 'Items ↔ Products',
    erpEntity: 'items',
    crmEntity: 'products',
  });

  const jobIds: string[] = [];
  for (let i = 0; i < 12; i++) {
    clock.set(ago(6 * 60 - i * 30));
    const job = await store.jobs.enqueue({
      id: `job-${String(i + 1).padStart(2, '0')}`,
      mappingId,
      type: 'sync',
      trigger: i === 11 ? 'manual' : 'scheduled',
      direction: 'both',
      requestedBy: i === 11 ? 'operator' : null,
    });
    await store.jobs.claim(job.id, 'seed');
    const errors = i < 6 ? i : 12 - i;
    const counters: Partial<JobCounters> = {
      inserted: 3 + (i % 4),
      modified: 20 + ((i * 7) % 15),
      deleted: i % 3,
      unchanged: 400 + i,
      skipped: errors,
      failed: errors + (i === 10 ? 5 : 0),
    };
    await store.jobs.addCounters(job.id, counters);
    clock.set(new Date(ago(6 * 60 - i * 30).getTime() + 2_000 + i * 900));
    await store.jobs.finish(job.id, i === 10 ? 'failed' : 'succeeded', {
      ...(i === 10 ? { error: 'CRM answered 503 five times; the job stopped' } : {}),
    });
    jobIds.push(job.id);
  }
  const lastJob = jobIds[jobIds.length - 1] ?? null;

  // A conflict: name changed in the ERP, city in the CRM, phone in both.
  const c = scenario.conflict;
  const base = customer(c.name, 'Atlanta', '555-0100');
  apps.erp.set(c.erpId, customer('Adatum Corp.', 'Atlanta', '555-0199'));
  apps.crm.set(c.crmId, customer(c.name, 'Seattle', '555-0142'));
  clock.set(ago(24 * 60));
  const conflict = await store.couplings.create({
    id: 'cpl-conflict',
    mappingId,
    erpId: c.erpId,
    crmId: c.crmId,
    recordNumber: c.number,
    recordName: c.name,
    base,
    state: 'conflict',
    skipped: true,
  });
  await store.history.insertMany([
    {
      mappingId,
      couplingId: conflict.id,
      erpId: c.erpId,
      crmId: c.crmId,
      jobId: 'job-01',
      at: ago(6 * 60).toISOString(),
      direction: 'erp-to-crm',
      outcome: 'coupled',
      before: null,
      after: base,
    },
    {
      mappingId,
      couplingId: conflict.id,
      erpId: c.erpId,
      crmId: c.crmId,
      jobId: 'job-04',
      at: ago(4 * 60).toISOString(),
      direction: 'erp-to-crm',
      outcome: 'modified',
      before: { ...base, phone: '555-0111' },
      after: base,
      changedFields: ['phone'],
    },
    {
      mappingId,
      couplingId: conflict.id,
      erpId: c.erpId,
      crmId: c.crmId,
      jobId: lastJob,
      at: ago(5).toISOString(),
      direction: 'erp-to-crm',
      outcome: 'conflict',
      before: base,
      after: apps.read('erp', c.erpId),
      changedFields: ['name', 'phone'],
      message: 'Changed in both apps since the last sync: phone differs',
    },
  ]);
  for (const minutes of [60, 5]) {
    await store.errors.raise({
      mappingId,
      couplingId: conflict.id,
      erpId: c.erpId,
      crmId: c.crmId,
      recordNumber: c.number,
      recordName: c.name,
      kind: 'conflict',
      state: 'conflict',
      direction: 'erp-to-crm',
      message: 'Changed in both apps since the last sync: phone differs',
      details: { erp: apps.read('erp', c.erpId), crm: apps.read('crm', c.crmId), base },
      jobId: lastJob,
      at: ago(minutes).toISOString(),
    });
  }

  // Deleted in the CRM: the ERP customer survives. Deleted in the ERP: the CRM account survives.
  for (const [record, state, survivor] of [
    [scenario.deletedInCrm, 'deleted-in-crm', 'erp'],
    [scenario.deletedInErp, 'deleted-in-erp', 'crm'],
  ] as const) {
    const values = customer(record.name, 'Oslo', '555-0300');
    apps[survivor].set(survivor === 'erp' ? record.erpId : record.crmId, values);
    const coupling = await store.couplings.create({
      id: `cpl-${record.number}`,
      mappingId,
      erpId: record.erpId,
      crmId: record.crmId,
      recordNumber: record.number,
      recordName: record.name,
      base: values,
      state,
      skipped: true,
    });
    await store.errors.raise({
      mappingId,
      couplingId: coupling.id,
      erpId: record.erpId,
      crmId: record.crmId,
      recordNumber: record.number,
      recordName: record.name,
      kind: 'deleted',
      state,
      direction: survivor === 'erp' ? 'erp-to-crm' : 'crm-to-erp',
      message: `Deleted in the ${survivor === 'erp' ? 'CRM' : 'ERP'}; it still exists in the ${survivor.toUpperCase()}`,
      details: { [survivor]: values, base: values },
      jobId: lastJob,
      at: ago(7).toISOString(),
    });
  }

  const inv = scenario.invalid;
  const invalidValues = customer(inv.name, 'Napa', '+1 707 555 0123 extension 99999999999999999');
  apps.erp.set(inv.erpId, invalidValues);
  apps.crm.set(inv.crmId, customer(inv.name, 'Napa', '555-0400'));
  const invalid = await store.couplings.create({
    id: 'cpl-invalid',
    mappingId,
    erpId: inv.erpId,
    crmId: inv.crmId,
    recordNumber: inv.number,
    recordName: inv.name,
    base: customer(inv.name, 'Napa', '555-0400'),
    state: 'failed',
    skipped: true,
  });
  await store.errors.raise({
    mappingId,
    couplingId: invalid.id,
    erpId: inv.erpId,
    crmId: inv.crmId,
    recordNumber: inv.number,
    recordName: inv.name,
    kind: 'validation',
    state: 'failed',
    direction: 'erp-to-crm',
    message: 'CRM refused telephone1: longer than 50 characters',
    details: { erp: invalidValues, crm: apps.read('crm', inv.crmId) },
    jobId: lastJob,
    at: ago(9).toISOString(),
  });

  for (let i = 0; i < scenario.throttledCount; i++) {
    const n = 20000 + i;
    const erpId = `erp-i${n}`;
    const crmId = `crm-p${n}`;
    apps.erp.set(erpId, { name: `Item ${n}` });
    apps.crm.set(crmId, { name: `Item ${n}` });
    const coupling = await store.couplings.create({
      id: `cpl-i${n}`,
      mappingId: 'items',
      erpId,
      crmId,
      recordNumber: `I${n}`,
      recordName: `Item ${n}`,
      base: { name: `Item ${n}` },
      state: 'failed',
      skipped: true,
    });
    await store.errors.raise({
      mappingId: 'items',
      couplingId: coupling.id,
      erpId,
      crmId,
      recordNumber: `I${n}`,
      recordName: `Item ${n}`,
      kind: 'throttled',
      state: 'skipped',
      direction: 'crm-to-erp',
      message: 'ERP answered 429 Too Many Requests three times in a row',
      jobId: lastJob,
      at: ago(30 + i).toISOString(),
    });
  }
  clock.set(null);
}
