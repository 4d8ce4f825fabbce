import { createStore, type Store } from '@twinsync/sync-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoApps, type DemoApps } from './demo-apps';
import { createDemoEngine } from './demo-engine';
import { createSeedClock, scenario, seedScenario } from './scenario';

describe('the demo engine', () => {
  let store: Store;
  let apps: DemoApps;
  beforeEach(async () => {
    store = await createStore({ client: 'sqlite', filename: ':memory:' });
    apps = createDemoApps();
    await seedScenario(store, apps, createSeedClock());
  });
  afterEach(() => store.close());

  const engine = () => createDemoEngine(store, apps, () => new Date());
  const target = (couplingId: string) => [{ couplingId, errorId: null }];

  it('writes a per-field choice to both apps and closes the conflict', async () => {
    const result = await engine().runAction({
      action: {
        type: 'synchronize',
        choice: { fields: { name: 'crm', city: 'crm', phone: 'erp' } },
      },
      targets: target('cpl-conflict'),
      requestedBy: 'operator',
    });
    expect(result.outcomes.map((o) => o.status)).toEqual(['succeeded']);
    const expected = { name: 'Adatum Corporation', city: 'Seattle', phone: '555-0199' };
    expect(apps.read('erp', scenario.conflict.erpId)).toEqual(expected);
    expect(apps.read('crm', scenario.conflict.crmId)).toEqual(expected);
    expect((await store.errors.counts({ kinds: ['conflict'] })).total).toBe(0);
    expect((await store.couplings.get('cpl-conflict'))?.base).toEqual(expected);
  });

  it('previews a choice without writing to either app', async () => {
    const before = apps.read('crm', scenario.conflict.crmId);
    const preview = await engine().previewSynchronize('cpl-conflict', { winner: 'erp' });
    expect(preview.fields.find((f) => f.field === 'city')).toMatchObject({
      result: 'Atlanta',
      crmChanges: true,
      erpChanges: false,
    });
    expect(apps.read('crm', scenario.conflict.crmId)).toEqual(before);
  });

  it('restores a record deleted in the CRM from its ERP twin, and deletes a survivor', async () => {
    const e = engine();
    await e.runAction({
      action: { type: 'restore' },
      targets: target(`cpl-${scenario.deletedInCrm.number}`),
      requestedBy: 'operator',
    });
    expect(apps.read('crm', scenario.deletedInCrm.crmId)).toEqual(
      apps.read('erp', scenario.deletedInCrm.erpId),
    );
    await e.runAction({
      action: { type: 'delete' },
      targets: target(`cpl-${scenario.deletedInErp.number}`),
      requestedBy: 'operator',
    });
    expect(apps.read('crm', scenario.deletedInErp.crmId)).toBeNull();
    expect(await store.couplings.get(`cpl-${scenario.deletedInErp.number}`)).toBeNull();
  });

  it('reports a refused record as failed and leaves its error open', async () => {
    const e = engine();
    e.failingCouplings.set('cpl-invalid', 'CRM refused telephone1');
    const result = await e.runAction({
      action: { type: 'removeCoupling' },
      targets: [...target('cpl-invalid'), ...target('cpl-i20000')],
      requestedBy: 'operator',
    });
    expect(result.outcomes).toEqual([
      {
        couplingId: 'cpl-invalid',
        errorId: null,
        status: 'failed',
        message: 'CRM refused telephone1',
      },
      { couplingId: 'cpl-i20000', errorId: null, status: 'succeeded', message: null },
    ]);
    expect((await store.errors.counts({ kinds: ['validation'] })).total).toBe(1);
    expect(await store.couplings.get('cpl-i20000')).toBeNull();
  });
});
