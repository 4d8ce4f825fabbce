import { createStore, type Store } from '@twinsync/sync-store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCrmHarness, type CrmHarness } from '../testing/crm-harness';
import { startErpHarness, type ErpHarness } from '../testing/erp-harness';
import { createSyncEngine, type SyncEngineOptions } from './create-sync-engine';

/**
 * Two-way sync between the real Business Central mock and the real Dataverse mock, both on
 * loopback ports chosen by the OS, through the connectors over HTTP: every situation of the
 * product doc. Each test starts from empty apps and an empty store.
 */

let erp: ErpHarness;
let crm: CrmHarness;
let store: Store;
const engines: { close(): Promise<void> }[] = [];

type Row = Record<string, unknown>;

function engine(extra: Partial<SyncEngineOptions> = {}) {
  const e = createSyncEngine({ store, erp: erp.app, crm: crm.app, batchSize: 10, ...extra });
  engines.push(e);
  return e;
}

beforeAll(async () => {
  [erp, crm] = await Promise.all([startErpHarness(), startCrmHarness()]);
});

afterAll(async () => {
  await Promise.all([erp.close(), crm.close()]);
});

beforeEach(async () => {
  await Promise.all([erp.mock.app.controls.reset(), crm.mock.app.controls.reset()]);
  store = await createStore({ client: 'sqlite', filename: ':memory:' });
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  await store.close();
});

class SimulatedCrash extends Error {}

const customers = () => erp.all('customers');
const accounts = () => crm.all('accounts');
const str = (v: unknown) => (typeof v === 'string' ? v : '');

async function erpInsert(values: Row): Promise<string> {
  return (await erp.client.create('customers', values)).id;
}

/** The CRM account coupled to an ERP customer (by the coupling), or undefined. */
async function twinOf(erpId: string): Promise<{ erp: Row | undefined; crm: Row | undefined }> {
  const coupling = await store.couplings.findByErpId('customers', erpId);
  const [c, a] = await Promise.all([customers(), accounts()]);
  return {
    erp: c.find((r) => r['id'] === erpId),
    crm: a.find((r) => r['accountid'] === coupling?.crmId),
  };
}

async function openErrors() {
  return (await store.errors.list({ limit: 100 })).items;
}

async function allCouplings() {
  return (await store.couplings.list({ limit: 500 })).items;
}

/** n ERP customers synced to the CRM; returns the ERP ids. */
async function coupledCustomers(n: number, seed = 5): Promise<string[]> {
  await erp.mock.app.controls.seed(n, seed);
  const result = await engine().runSync({ mapping: 'customers' });
  expect(result.counters.inserted).toBe(n);
  return (await customers()).map((c) => str(c['id']));
}

describe('two-way sync between the real ERP and CRM mocks', () => {
  it('a first sync creates both ways, couples equal numbers instead of duplicating, and a second run changes nothing', async () => {
    await erp.mock.app.controls.seed(25, 11);
    const [a, b] = await customers();
    await crm.insert('accounts', { name: 'Renamed in CRM', accountnumber: str(a?.['number']) });
    await crm.insert('accounts', {
      name: str(b?.['displayName']),
      accountnumber: str(b?.['number']),
    });
    await crm.insert('accounts', {
      name: 'Only In CRM Ltd',
      accountnumber: 'CRMONLY1',
      emailaddress1: 'only@crm.example',
    });
    const e = engine();
    const first = await e.runSync({ mapping: 'customers' });
    expect(first.status).toBe('succeeded');
    expect(first.counters.inserted).toBe(24);
    expect(first.counters.coupled).toBe(26);
    const [c, acc] = await Promise.all([customers(), accounts()]);
    expect(c).toHaveLength(26);
    expect(acc).toHaveLength(26);
    expect(new Set(c.map((r) => r['number'])).size).toBe(26);
    expect(new Set(acc.map((r) => r['accountnumber'])).size).toBe(26);
    expect(acc.find((r) => r['accountnumber'] === a?.['number'])?.['name']).toBe(
      a?.['displayName'],
    );
    expect(c.find((r) => r['number'] === 'CRMONLY1')).toMatchObject({
      displayName: 'Only In CRM Ltd',
      email: 'only@crm.example',
    });
    expect((await allCouplings()).every((x) => x.state === 'coupled')).toBe(true);
    // Accounts are created without a representation; their versions come from the change feed.
    expect((await allCouplings()).filter((x) => x.crmVersion === null)).toEqual([]);
    const second = await e.runSync({ mapping: 'customers' });
    expect(second.counters).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    expect(await accounts()).toHaveLength(26);
    expect(await customers()).toHaveLength(26);
  });

  it('a first sync of contacts does not look again at the records it has just written', async () => {
    await erp.mock.app.controls.seed(10, 61);
    const result = await engine().runSync({ mapping: 'contacts' });
    expect(result.status).toBe('succeeded');
    expect(result.counters.inserted).toBeGreaterThan(10);
    expect(result.counters).toMatchObject({ unchanged: 0, failed: 0 });
    const again = await engine().runSync({ mapping: 'contacts' });
    expect(again.counters).toMatchObject({ inserted: 0, modified: 0, unchanged: 0, failed: 0 });
  });

  it('a user edit of an account the run has just created is synced back, not taken as ours', async () => {
    await erp.mock.app.controls.seed(12, 71);
    let edited: string | null = null;
    const e = engine({
      hooks: {
        afterCommit: async () => {
          if (edited !== null) return;
          const [account] = await accounts();
          edited = typeof account?.['accountid'] === 'string' ? account['accountid'] : null;
          if (edited) {
            await crm.mock.app.controls.editAsUser('accounts', edited, {
              telephone1: '+1 555 7777',
            });
          }
        },
      },
    });
    await e.runSync({ mapping: 'customers' });
    const coupling = await store.couplings.findByCrmId('customers', edited ?? '');
    const customer = (await customers()).find((c) => c['id'] === coupling?.erpId);
    expect(customer?.['phoneNumber']).toBe('+1 555 7777');
  });

  it('an ERP edit reaches the CRM and a CRM edit reaches the ERP, each with a history event', async () => {
    const [x, y] = await coupledCustomers(3);
    const e = engine();
    await erp.mock.app.controls.editAsUser('customers', x ?? '', { phoneNumber: '+46 8 555 01' });
    const yTwin = await twinOf(y ?? '');
    await crm.mock.app.controls.editAsUser('accounts', str(yTwin.crm?.['accountid']), {
      name: 'Named in CRM',
    });
    const result = await e.runSync({ mapping: 'customers' });
    expect(result.counters.modified).toBe(2);
    expect((await twinOf(x ?? '')).crm?.['telephone1']).toBe('+46 8 555 01');
    expect((await twinOf(y ?? '')).erp?.['displayName']).toBe('Named in CRM');
    const coupling = await store.couplings.findByErpId('customers', y ?? '');
    const log = await store.history.listForRecord(
      { couplingId: coupling?.id ?? '' },
      { limit: 10 },
    );
    expect(log.items.find((ev) => ev.outcome === 'modified')).toMatchObject({
      direction: 'crm-to-erp',
      changedFields: ['name'],
      after: { name: 'Named in CRM' },
    });
  });

  it('disjoint edits on both sides of one pair are merged into both apps', async () => {
    const [x] = await coupledCustomers(2);
    const twin = await twinOf(x ?? '');
    await erp.mock.app.controls.editAsUser('customers', x ?? '', { phoneNumber: '+1 555 0101' });
    await crm.mock.app.controls.editAsUser('accounts', str(twin.crm?.['accountid']), {
      emailaddress1: 'merged@crm.example',
    });
    const result = await engine().runSync({ mapping: 'customers' });
    expect(result.counters.merged).toBe(1);
    const after = await twinOf(x ?? '');
    expect(after.erp).toMatchObject({ phoneNumber: '+1 555 0101', email: 'merged@crm.example' });
    expect(after.crm).toMatchObject({
      telephone1: '+1 555 0101',
      emailaddress1: 'merged@crm.example',
    });
  });

  it.each([
    ['raise-error', 'ERP edit', 'CRM edit', 1],
    ['erp-wins', 'ERP edit', 'ERP edit', 0],
    ['crm-wins', 'CRM edit', 'CRM edit', 0],
  ] as const)(
    'a field changed differently on both sides under %s leaves ERP "%s", CRM "%s" and %i open conflict',
    async (policy, erpName, crmName, conflicts) => {
      const [x] = await coupledCustomers(2);
      await store.mappings.update('customers', { updateConflictPolicy: policy });
      const twin = await twinOf(x ?? '');
      await erp.mock.app.controls.editAsUser('customers', x ?? '', { displayName: 'ERP edit' });
      await crm.mock.app.controls.editAsUser('accounts', str(twin.crm?.['accountid']), {
        name: 'CRM edit',
      });
      await engine().runSync({ mapping: 'customers' });
      const after = await twinOf(x ?? '');
      expect(after.erp?.['displayName']).toBe(erpName);
      expect(after.crm?.['name']).toBe(crmName);
      const errors = await openErrors();
      expect(errors.filter((err) => err.kind === 'conflict')).toHaveLength(conflicts);
    },
  );

  describe.each(['crm', 'erp'] as const)('a record deleted in the %s', (deletedIn) => {
    async function deletedPair() {
      const [x] = await coupledCustomers(2);
      const twin = await twinOf(x ?? '');
      const crmId = str(twin.crm?.['accountid']);
      if (deletedIn === 'crm') await crm.mock.app.controls.deleteAsUser('accounts', crmId);
      else await erp.mock.app.controls.deleteAsUser('customers', x ?? '');
      // CRM deletions arrive as tombstones; ERP deletions are found by the reconcile sweep.
      return { erpId: x ?? '', crmId, full: deletedIn === 'erp' };
    }

    it('is an open deletion error under raise-error and the survivor stays', async () => {
      const { full } = await deletedPair();
      await store.mappings.update('customers', { deletionConflictPolicy: 'raise-error' });
      await engine().runSync({ mapping: 'customers', full });
      expect(await openErrors()).toEqual([
        expect.objectContaining({ kind: 'deleted', state: `deleted-in-${deletedIn}` }),
      ]);
      expect(await (deletedIn === 'crm' ? customers() : accounts())).toHaveLength(2);
    });

    it('is re-created from its twin under restore', async () => {
      const { erpId, crmId, full } = await deletedPair();
      await store.mappings.update('customers', { deletionConflictPolicy: 'restore' });
      const result = await engine().runSync({ mapping: 'customers', full });
      expect(result.counters.inserted).toBe(1);
      expect(await customers()).toHaveLength(2);
      expect(await accounts()).toHaveLength(2);
      const coupling = (await allCouplings()).find((c) =>
        deletedIn === 'crm' ? c.erpId === erpId : c.crmId === crmId,
      );
      expect(coupling?.state).toBe('coupled');
      expect(deletedIn === 'crm' ? coupling?.crmId : coupling?.erpId).not.toBe(
        deletedIn === 'crm' ? crmId : erpId,
      );
    });

    it('takes its surviving twin with it under delete-survivor', async () => {
      await deletedPair();
      await store.mappings.update('customers', { deletionConflictPolicy: 'delete-survivor' });
      const result = await engine().runSync({
        mapping: 'customers',
        full: deletedIn === 'erp',
      });
      expect(result.counters.deleted).toBe(1);
      expect(await customers()).toHaveLength(1);
      expect(await accounts()).toHaveLength(1);
      expect(await allCouplings()).toHaveLength(1);
    });

    it('only loses its coupling under remove-coupling', async () => {
      const { full } = await deletedPair();
      await store.mappings.update('customers', { deletionConflictPolicy: 'remove-coupling' });
      const result = await engine().runSync({ mapping: 'customers', full });
      expect(result.counters.uncoupled).toBe(1);
      expect(await (deletedIn === 'crm' ? customers() : accounts())).toHaveLength(2);
      expect(await allCouplings()).toHaveLength(1);
      expect(await openErrors()).toHaveLength(0);
    });
  });

  it('values the ERP refuses become a validation error on that record only, fixed by the next edit', async () => {
    await crm.insert('accounts', {
      name: 'Good Mail',
      accountnumber: 'GOOD1',
      emailaddress1: 'ok@x.example',
    });
    const badId = await crm.insert('accounts', {
      name: 'Bad Mail',
      accountnumber: 'BAD1',
      emailaddress1: 'not-an-email',
    });
    const e = engine();
    const first = await e.runSync({ mapping: 'customers' });
    expect(first.counters).toMatchObject({ inserted: 1, failed: 1 });
    expect(await openErrors()).toEqual([
      expect.objectContaining({ kind: 'validation', crmId: badId, recordNumber: 'BAD1' }),
    ]);
    expect((await customers()).map((c) => c['number'])).toEqual(['GOOD1']);
    await crm.mock.app.controls.editAsUser('accounts', badId, { emailaddress1: 'fixed@x.example' });
    await e.runSync({ mapping: 'customers' });
    expect((await customers()).map((c) => c['number']).sort()).toEqual(['BAD1', 'GOOD1']);
    expect(await openErrors()).toHaveLength(0);
  });

  it('429 and 503 storms on both apps converge with nothing Skipped and no open error', async () => {
    await erp.mock.app.controls.seed(20, 21);
    for (let n = 1; n <= 20; n++) {
      await crm.insert('accounts', { name: `Storm ${n}`, accountnumber: `STORM${n}` });
    }
    const faults = { rate429: 0.1, retryAfterSeconds: 1, rate503: 0.05 };
    erp.mock.app.controls.setFaults(faults);
    crm.mock.app.controls.setFaults(faults);
    const injected = () =>
      [erp.mock.app.controls.counters(), crm.mock.app.controls.counters()].reduce(
        (sum, c) => sum + c.faults['429'] + c.faults['503'],
        0,
      );
    const e = engine();
    // Faults are random: sync under them until some were injected (a few runs at most).
    for (let run = 0; run < 2 || (injected() === 0 && run < 8); run++) {
      await e.runSync({ mapping: 'customers' });
    }
    expect(injected()).toBeGreaterThan(0);
    erp.mock.app.controls.setFaults({ rate429: 0, rate503: 0 });
    crm.mock.app.controls.setFaults({ rate429: 0, rate503: 0 });
    await e.runSync({ mapping: 'customers' });
    expect(await customers()).toHaveLength(40);
    expect(await accounts()).toHaveLength(40);
    const couplings = await allCouplings();
    expect(couplings).toHaveLength(40);
    expect(couplings.filter((c) => c.skipped)).toHaveLength(0);
    expect(couplings.every((c) => c.state === 'coupled')).toBe(true);
    expect(await openErrors()).toHaveLength(0);
  });

  it.each([
    ['after planned creates were remembered', 'beforeWrites'],
    ['after one app accepted its writes', 'afterSideWrites'],
    ['after both apps accepted a batch', 'afterWrites'],
    ['after a batch was committed', 'afterCommit'],
  ] as const)(
    'a crash %s, then a restart, converges with no duplicate and no lost update',
    async (_label, point) => {
      const ids = await coupledCustomers(12, 31);
      const phoneEdits = ids.slice(0, 4);
      const mailEdits = ids.slice(4, 8);
      for (const id of phoneEdits) {
        await erp.mock.app.controls.editAsUser('customers', id, {
          phoneNumber: `+1 ${id.slice(0, 6)}`,
        });
      }
      for (const id of mailEdits) {
        const twin = await twinOf(id);
        await crm.mock.app.controls.editAsUser('accounts', str(twin.crm?.['accountid']), {
          emailaddress1: `m${id.slice(0, 6)}@crm.example`,
        });
      }
      for (let n = 1; n <= 15; n++)
        await erpInsert({ displayName: `New ERP ${n}`, number: `NE${n}` });
      for (let n = 1; n <= 15; n++) {
        await crm.insert('accounts', { name: `New CRM ${n}`, accountnumber: `NC${n}` });
      }
      const crashing = engine({
        hooks: {
          [point]: ({ batch }: { batch: number }) => {
            if (batch === 2) throw new SimulatedCrash('killed');
          },
        },
      });
      expect((await crashing.runSync({ mapping: 'customers' })).status).toBe('failed');
      await crashing.close();
      const restarted = engine();
      await restarted.start();
      await restarted.runSync({ mapping: 'customers' });
      const last = await restarted.runSync({ mapping: 'customers' });
      expect(last.counters).toMatchObject({ inserted: 0, failed: 0 });
      const [c, a] = await Promise.all([customers(), accounts()]);
      expect(c).toHaveLength(42);
      expect(a).toHaveLength(42);
      expect(new Set(c.map((r) => r['number'])).size).toBe(42);
      expect(new Set(a.map((r) => r['accountnumber'])).size).toBe(42);
      const couplings = await allCouplings();
      expect(couplings).toHaveLength(42);
      expect(couplings.every((x) => x.state === 'coupled')).toBe(true);
      for (const id of phoneEdits) {
        expect((await twinOf(id)).crm?.['telephone1']).toBe(`+1 ${id.slice(0, 6)}`);
      }
      for (const id of mailEdits) {
        expect((await twinOf(id)).erp?.['email']).toBe(`m${id.slice(0, 6)}@crm.example`);
      }
    },
  );

  it('a worker that dies mid-job leaves its job running; the next engine takes it back and finishes it', async () => {
    await erp.mock.app.controls.seed(30, 51);
    for (let n = 1; n <= 20; n++) {
      await crm.insert('accounts', { name: `Frozen ${n}`, accountnumber: `FZ${n}` });
    }
    let release: (error: Error) => void = () => undefined;
    const frozen = new Promise<void>((_resolve, reject) => {
      release = reject;
    });
    let reached: () => void = () => undefined;
    const atFreeze = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let dead = false;
    const dying = engine({
      hooks: {
        afterCommit: async ({ batch }) => {
          if (batch !== 2 && !dead) return;
          dead = true;
          reached();
          await frozen; // the process is gone: no heartbeat, no finish, the job stays running
        },
        // The engine overlaps batches: a dead process writes nothing more either.
        beforeWrites: async () => {
          if (dead) await frozen;
        },
      },
    });
    const { jobId } = await dying.enqueue({ mapping: 'customers' });
    await atFreeze;
    expect((await store.jobs.get(jobId))?.status).toBe('running');
    const later = new Date(Date.now() + 5 * 60_000);
    const next = engine({ clock: () => later, workerId: 'after-restart' });
    await next.start();
    const result = await next.waitForJob(jobId);
    release(new SimulatedCrash('the old worker finally notices it is dead'));
    await dying.close();
    expect(result.status).toBe('succeeded');
    const job = await store.jobs.get(jobId);
    expect(job).toMatchObject({ status: 'succeeded', claimedBy: 'after-restart', attempts: 2 });
    const [c, a] = await Promise.all([customers(), accounts()]);
    expect(c).toHaveLength(50);
    expect(a).toHaveLength(50);
    expect(new Set(a.map((r) => r['accountnumber'])).size).toBe(50);
    expect(new Set(c.map((r) => r['number'])).size).toBe(50);
    expect((await allCouplings()).every((x) => x.state === 'coupled')).toBe(true);
  });

  it('a dry run reports every decision and writes to neither app nor the couplings', async () => {
    await erp.mock.app.controls.seed(6, 41);
    await crm.insert('accounts', { name: 'Preview Co', accountnumber: 'PREV1' });
    const before = await Promise.all([customers(), accounts()]);
    const result = await engine().runSync({ mapping: 'customers', dryRun: true });
    expect(result.status).toBe('succeeded');
    expect(result.counters.inserted).toBe(7);
    const actions = result.decisions.map((d) => d.action).sort();
    expect(actions).toEqual([...Array<string>(6).fill('create-crm'), 'create-erp'].sort());
    expect(await Promise.all([customers(), accounts()])).toEqual(before);
    expect(await allCouplings()).toHaveLength(0);
    expect(await store.watermarks.get('customers', 'erp')).toBeNull();
    expect(await store.watermarks.get('customers', 'crm')).toBeNull();
  });

  it('a manual sync of one record syncs that record and leaves the others for the next run', async () => {
    const [x, y] = await coupledCustomers(3);
    await erp.mock.app.controls.editAsUser('customers', x ?? '', { phoneNumber: '+1 111' });
    await erp.mock.app.controls.editAsUser('customers', y ?? '', { phoneNumber: '+1 222' });
    const crmOnly = await crm.insert('accounts', { name: 'Manual Co', accountnumber: 'MAN1' });
    const e = engine();
    const one = await e.syncRecord({ mapping: 'customers', erpId: x ?? '' });
    expect(one.status).toBe('succeeded');
    expect((await twinOf(x ?? '')).crm?.['telephone1']).toBe('+1 111');
    expect((await twinOf(y ?? '')).crm?.['telephone1']).not.toBe('+1 222');
    await e.syncRecord({ mapping: 'customers', crmId: crmOnly });
    expect((await customers()).some((c) => c['number'] === 'MAN1')).toBe(true);
  });

  it('a user edit between read and write is re-read and merged, never overwritten', async () => {
    const [x] = await coupledCustomers(2);
    const crmId = str((await twinOf(x ?? '')).crm?.['accountid']);
    await erp.mock.app.controls.editAsUser('customers', x ?? '', { displayName: 'From ERP' });
    let edited = false;
    const e = engine({
      hooks: {
        async beforeWrites() {
          if (edited) return;
          edited = true;
          await crm.mock.app.controls.editAsUser('accounts', crmId, { telephone1: '+1 555 0199' });
        },
      },
    });
    const result = await e.runSync({ mapping: 'customers' });
    expect(result.status).toBe('succeeded');
    const after = await twinOf(x ?? '');
    expect(after.crm).toMatchObject({ name: 'From ERP', telephone1: '+1 555 0199' });
    expect(after.erp).toMatchObject({ displayName: 'From ERP', phoneNumber: '+1 555 0199' });
  });

  it('admin actions work on many records at once: Synchronize, Restore and Remove coupling', async () => {
    const ids = await coupledCustomers(5);
    const e = engine();
    const conflicted = ids.slice(0, 3);
    for (const id of conflicted) {
      const twin = await twinOf(id);
      await erp.mock.app.controls.editAsUser('customers', id, {
        displayName: `ERP ${id.slice(0, 4)}`,
      });
      await crm.mock.app.controls.editAsUser('accounts', str(twin.crm?.['accountid']), {
        name: `CRM ${id.slice(0, 4)}`,
      });
    }
    const restoredErpId = ids[3] ?? '';
    await crm.mock.app.controls.deleteAsUser(
      'accounts',
      str((await twinOf(restoredErpId)).crm?.['accountid']),
    );
    await e.runSync({ mapping: 'customers' });
    const errors = await openErrors();
    expect(errors.map((err) => err.kind).sort()).toEqual([
      'conflict',
      'conflict',
      'conflict',
      'deleted',
    ]);
    const targets = (kind: string) =>
      errors
        .filter((err) => err.kind === kind)
        .map((err) => ({ couplingId: err.couplingId ?? '', errorId: err.id }));
    const sync = await e.runAction({
      action: { type: 'synchronize', choice: { winner: 'crm' } },
      targets: targets('conflict'),
      requestedBy: 'ops',
    });
    expect(sync.outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (const id of conflicted) {
      expect((await twinOf(id)).erp?.['displayName']).toBe(`CRM ${id.slice(0, 4)}`);
    }
    const restore = await e.runAction({
      action: { type: 'restore' },
      targets: targets('deleted'),
      requestedBy: 'ops',
    });
    expect(restore.outcomes[0]?.status).toBe('succeeded');
    expect(await accounts()).toHaveLength(5);
    expect(await openErrors()).toHaveLength(0);
    const uncouple = (await allCouplings())
      .slice(0, 2)
      .map((c) => ({ couplingId: c.id, errorId: null }));
    const removed = await e.runAction({
      action: { type: 'removeCoupling' },
      targets: uncouple,
      requestedBy: 'ops',
    });
    expect(removed.outcomes.every((o) => o.status === 'succeeded')).toBe(true);
    expect(await allCouplings()).toHaveLength(3);
    expect(await customers()).toHaveLength(5);
    expect(await accounts()).toHaveLength(5);
  });

  it('one admin action on records of two mappings runs per mapping and reports every target in order', async () => {
    await erp.mock.app.controls.seed(2, 81);
    const e = engine();
    await e.runSync({ mapping: 'customers' });
    await e.runSync({ mapping: 'items' });
    const [customer] = await customers();
    const [item] = await erp.all('items');
    const cCoupling = await store.couplings.findByErpId('customers', str(customer?.['id']));
    const iCoupling = await store.couplings.findByErpId('items', str(item?.['id']));
    await erp.mock.app.controls.editAsUser('customers', str(customer?.['id']), {
      displayName: 'ERP customer',
    });
    await crm.mock.app.controls.editAsUser('accounts', cCoupling?.crmId ?? '', {
      name: 'CRM customer',
    });
    await erp.mock.app.controls.editAsUser('items', str(item?.['id']), { displayName: 'ERP item' });
    await crm.mock.app.controls.editAsUser('products', iCoupling?.crmId ?? '', {
      name: 'CRM item',
    });
    await e.runSync({ mapping: 'customers' });
    await e.runSync({ mapping: 'items' });
    const result = await e.runAction({
      action: { type: 'synchronize', choice: { winner: 'crm' } },
      targets: [
        { couplingId: iCoupling?.id ?? '', errorId: null },
        { couplingId: 'no-such-coupling', errorId: null },
        { couplingId: cCoupling?.id ?? '', errorId: null },
      ],
      requestedBy: 'ops',
    });
    expect(result.outcomes.map((o) => [o.couplingId, o.status])).toEqual([
      [iCoupling?.id, 'succeeded'],
      ['no-such-coupling', 'failed'],
      [cCoupling?.id, 'succeeded'],
    ]);
    expect((await customers()).find((c) => c['id'] === customer?.['id'])?.['displayName']).toBe(
      'CRM customer',
    );
    expect((await erp.all('items')).find((i) => i['id'] === item?.['id'])?.['displayName']).toBe(
      'CRM item',
    );
  });
});
