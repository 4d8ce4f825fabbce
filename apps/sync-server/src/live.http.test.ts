import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinSyncServer, type RunningTwinSync } from './embedded';
import { createLogger } from './logger';
import { signedInClient } from './testing/signed-in-client';

const token = 'live-token';

async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after 30 s waiting for ${what}.`);
}

describe('live sync in the embedded sync server', () => {
  let dir: string;
  let erp: RunningMockErp;
  let crm: RunningMockCrm;
  let server: RunningTwinSync;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'twinsync-live-'));
    erp = await startMockErp({ port: 0, token, webhookDelayMs: 100 });
    crm = await startMockCrm({ port: 0, token });
    await erp.app.controls.seed(3, 9);
    server = await startTwinSyncServer({
      databaseUrl: path.join(dir, 'twinsync.sqlite'),
      erp: { url: erp.url, token },
      crm: { url: crm.url, token },
      port: 0,
      portalDist: path.join(dir, 'no-portal'),
      bcryptRounds: 4,
      scheduleIntervalMs: 24 * 3_600_000,
      logger: createLogger({ level: 'silent' }),
    });
    await server.engine.runSync({ mapping: 'customers' });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await crm?.close();
    await erp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'is on by default, receives ERP webhooks at /webhooks/erp and syncs an ERP edit to the CRM',
    { timeout: 60_000 },
    async () => {
      expect(server.live).not.toBeNull();
      expect(server.live?.notificationUrl).toBe(`${server.url}/webhooks/erp`);
      // Mappings start on 'scheduled'; an admin switches one to live (what the API's update does).
      await server.store.mappings.update('customers', { mode: 'live' }, 'admin');
      const row = await until('the ERP subscription', async () => {
        const found = await server.store.webhookSubscriptions.get('erp:customers');
        return found?.subscriptionId ? found : undefined;
      });
      expect(row.notificationUrl).toBe(`${server.url}/webhooks/erp`);
      const coupling = (await server.store.couplings.list({ mappingId: 'customers', limit: 1 }))
        .items[0]!;
      await erp.app.controls.editAsUser('customers', coupling.erpId!, { displayName: 'Live Edit' });
      await until('the CRM account renamed', async () => {
        const res = await fetch(
          `${crm.url}/api/data/v9.2/accounts(${coupling.crmId!})?$select=name`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        const account = (await res.json()) as { name?: string };
        return account.name === 'Live Edit' ? true : undefined;
      });
      const status = await server.live!.status();
      expect(status.running).toBe(true);
      expect(status.mappings.find((m) => m.mappingId === 'customers')).toMatchObject({
        mode: 'live',
        live: true,
      });
    },
  );

  it('ignores a forged notification at the receiver', async () => {
    const res = await fetch(`${server.url}/webhooks/erp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: [
          { subscriptionId: 'x', clientState: 'guess', resource: 'r', changeType: 'updated' },
        ],
      }),
    });
    expect(res.status).toBe(202);
    expect((await server.live!.status()).receiver.forged).toBe(1);
  });

  it('shows a portal user through the API that live sync runs, per mapping', async () => {
    const viewer = signedInClient(server.url);
    await viewer.login('viewer', 'viewer-demo-pass');
    const status = await viewer.client.live.status.query();
    expect(status.running).toBe(true);
    expect(status.receiver.forged).toBe(1);
    expect(status.mappings.find((m) => m.mappingId === 'customers')).toMatchObject({
      mode: 'live',
      live: true,
    });
  });

  it('serves no receiver when live sync is switched off', { timeout: 60_000 }, async () => {
    const off = await startTwinSyncServer({
      databaseUrl: ':memory:',
      erp: { url: erp.url, token },
      crm: { url: crm.url, token },
      port: 0,
      portalDist: path.join(dir, 'no-portal'),
      seedUsers: false,
      live: false,
      scheduleIntervalMs: 24 * 3_600_000,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      expect(off.live).toBeNull();
      const res = await fetch(`${off.url}/webhooks/erp?validationToken=abc`, { method: 'POST' });
      expect(res.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
