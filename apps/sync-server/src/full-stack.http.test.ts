import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinSyncServer, type RunningTwinSync } from './embedded';
import { createLogger } from './logger';
import { signedInClient } from './testing/signed-in-client';

const token = 'full-stack-token';

describe('the sync server on the real store and engine against both mock apps', () => {
  let dir: string;
  let erp: RunningMockErp;
  let crm: RunningMockCrm;
  let server: RunningTwinSync;
  const log: string[] = [];
  let api: ReturnType<typeof signedInClient>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'twinsync-server-'));
    erp = await startMockErp({ port: 0, token });
    crm = await startMockCrm({ port: 0, token });
    await erp.app.controls.seed(6, 7);
    server = await startTwinSyncServer({
      databaseUrl: path.join(dir, 'twinsync.sqlite'),
      erp: { url: erp.url, token },
      crm: { url: crm.url, token },
      port: 0,
      portalDist: path.join(dir, 'no-portal'),
      bcryptRounds: 4,
      scheduleIntervalMs: 24 * 3_600_000,
      logger: createLogger(
        { level: 'info' },
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            log.push(chunk.toString());
            done();
          },
        }),
      ),
    });
    api = signedInClient(server.url);
    await api.login('operator', 'operator-demo-pass');
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await crm?.close();
    await erp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts a sync of the customers mapping and waits (bounded) until the job has ended. */
  async function syncCustomers() {
    const { jobId } = await api.client.jobs.start.mutate({ mappingId: 'customers' });
    for (let i = 0; i < 240; i++) {
      const { job } = await api.client.jobs.get.query({ id: jobId, limit: 10 });
      if (['succeeded', 'failed', 'cancelled'].includes(job.state)) return job;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`job ${jobId} did not end within 60 s`);
  }

  it('reports both apps reachable with our credentials', async () => {
    const report = await api.client.diagnostics.run.query();
    const checks = report.findings.filter((f) => f.check.startsWith('connectivity'));
    expect(checks.map((f) => [f.check, f.severity])).toEqual([
      ['connectivity.erp', 'ok'],
      ['connectivity.crm', 'ok'],
    ]);
  });

  it('runs a first sync that creates the ERP customers in the CRM and couples them', async () => {
    const job = await syncCustomers();
    expect(job).toMatchObject({ state: 'succeeded', trigger: 'manual', requestedBy: 'operator' });
    expect(job.counters['inserted']).toBeGreaterThanOrEqual(6);
    const couplings = await api.client.couplings.list.query({ mappingId: 'customers' });
    expect(couplings.items.length).toBeGreaterThanOrEqual(6);
    expect(couplings.items.every((c) => c.erpId && c.crmId)).toBe(true);
  }, 90_000);

  it('raises a conflict when both apps changed the same field, resolves it with synchronize, and logs it all', async () => {
    const [pair] = (await api.client.couplings.list.query({ mappingId: 'customers' })).items;
    if (!pair?.erpId || !pair.crmId) throw new Error('no coupled customer');
    await erp.app.controls.editAsUser('customers', pair.erpId, { displayName: 'Changed in ERP' });
    await crm.app.controls.editAsUser('accounts', pair.crmId, { name: 'Changed in CRM' });

    const job = await syncCustomers();
    expect(job.counters['conflicts']).toBe(1);
    const errors = await api.client.errors.list.query({ filter: { kinds: ['conflict'] } });
    const conflict = errors.items.find((e) => e.couplingId === pair.couplingId);
    if (!conflict) throw new Error(`no conflict error listed: ${JSON.stringify(errors.items)}`);
    const detail = await api.client.errors.detail.query({ id: conflict.id });
    expect(detail.fields.find((f) => f.field === 'name')).toMatchObject({
      erp: 'Changed in ERP',
      crm: 'Changed in CRM',
      erpChanged: true,
      crmChanged: true,
      differs: true,
    });
    const counts = await api.client.errors.counts.query({ filter: {} });
    expect(counts.byKind['conflict']).toBe(1);

    const result = await api.client.actions.synchronize.mutate({
      target: { by: 'errors', errorIds: [conflict.id] },
      choice: { winner: 'crm' },
    });
    expect(result).toMatchObject({ total: 1, succeeded: 1, failed: 0 });
    const after = await api.client.errors.list.query({ filter: { kinds: ['conflict'] } });
    expect(after.items).toEqual([]);
    const erpRecord = await fetch(
      `${erp.url}/api/v2.0/companies(${(await erp.app.companies())[0]?.id})/customers(${pair.erpId})`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(((await erpRecord.json()) as { displayName: string }).displayName).toBe(
      'Changed in CRM',
    );

    const history = await api.client.records.log.query({
      record: { couplingId: pair.couplingId },
    });
    const outcomes = history.items.map((e) => e.outcome);
    expect(outcomes).toContain('conflict');
    expect(history.items.length).toBeGreaterThanOrEqual(3);
    const audit = await api.client.audit.list.query({ action: 'actions.synchronize' });
    expect(audit.items[0]).toMatchObject({
      actor: 'operator',
      recordCount: 1,
      outcome: 'succeeded',
    });
  }, 120_000);

  it('pushes the job progress and the error counts of a running sync over SSE', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/trpc/live.events`, {
      headers: { cookie: api.cookie(), accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    let text = '';
    const reading = (async () => {
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value as Uint8Array);
      }
    })().catch(() => undefined);
    try {
      for (let i = 0; i < 100 && !text.includes('errorCounts'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const job = await syncCustomers();
      const finished = `"jobId":"${job.id}"`;
      for (let i = 0; i < 100; i++) {
        if (text.split('\n').some((l) => l.includes(finished) && l.includes('"succeeded"'))) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const lines = text.split('\n').filter((l) => l.includes(finished));
      expect(lines.some((l) => l.includes('"type":"jobProgress"') && l.includes('"running"'))).toBe(
        true,
      );
      expect(lines.some((l) => l.includes('"succeeded"'))).toBe(true);
      expect(text).toMatch(/"type":"errorCounts"/);
    } finally {
      controller.abort();
      await reading;
    }
  }, 90_000);

  it('refuses a viewer a sync and an operator a mapping change; an admin pauses and resumes', async () => {
    const viewer = signedInClient(server.url);
    await viewer.login('viewer', 'viewer-demo-pass');
    await expect(viewer.client.jobs.start.mutate({ mappingId: 'customers' })).rejects.toMatchObject(
      { data: { code: 'FORBIDDEN' } },
    );
    await expect(
      api.client.mappings.pause.mutate({ id: 'customers', reason: 'no' }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    const admin = signedInClient(server.url);
    await admin.login('admin', 'admin-demo-pass');
    const paused = await admin.client.mappings.pause.mutate({
      id: 'customers',
      reason: 'maintenance',
    });
    expect(paused).toMatchObject({ paused: true, pausedReason: 'maintenance' });
    const report = await viewer.client.diagnostics.run.query();
    expect(report.findings.map((f) => f.check)).toContain('mapping.paused');
    expect((await admin.client.mappings.resume.mutate({ id: 'customers' })).paused).toBe(false);
  });

  it('never logs the apps tokens or the demo passwords', () => {
    const all = log.join('');
    expect(all).toContain('sync server listening');
    expect(all).not.toContain(token);
    expect(all).not.toContain('demo-pass');
  });
});
