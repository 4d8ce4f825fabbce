import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockCrm, type RunningMockCrm } from '@twinsync/mock-crm';
import { startMockErp, type RunningMockErp } from '@twinsync/mock-erp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const mainFile = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('npm run server (main.ts as its own process)', () => {
  let dir: string;
  let erp: RunningMockErp;
  let crm: RunningMockCrm;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'twinsync-main-'));
    erp = await startMockErp({ port: 0, token: 'main-secret-token' });
    crm = await startMockCrm({ port: 0, token: 'main-secret-token' });
  });
  afterAll(async () => {
    await crm.close();
    await erp.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts on the store and both apps, answers /health, and stops cleanly on SIGTERM', async () => {
    // node itself with tsx's loader (not the tsx CLI, which wraps the process and relays signals).
    const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
      cwd: path.dirname(mainFile),
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: '0',
        TWINSYNC_DB: path.join(dir, 'twinsync.sqlite'),
        ERP_URL: erp.url,
        ERP_TOKEN: 'main-secret-token',
        CRM_URL: crm.url,
        CRM_TOKEN: 'main-secret-token',
        TWINSYNC_PORTAL_DIST: path.join(dir, 'no-portal'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      let url: string | undefined;
      for (let i = 0; i < 300 && !url; i++) {
        url = /"url":"(http:\/\/127\.0\.0\.1:\d+)".*TwinSync is running/.exec(output)?.[1];
        if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!url) throw new Error(`the server did not start within 30 s:\n${output}`);
      const health = await fetch(`${url}/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok', scheduler: 'running' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      expect(output).not.toContain('main-secret-token');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
