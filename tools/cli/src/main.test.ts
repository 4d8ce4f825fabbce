import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** The real entry point in its own process, as `npm run twinsync -- …` starts it. */

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twinsync-cli-main-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function twinsync(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', main, ...args],
      {
        env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: join(dir, 'ts.sqlite'), ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the twinsync process', () => {
  it('prints the status of a new store as JSON and exits 0', async () => {
    const { code, stdout } = await twinsync(['--json', 'status']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout) as { errors: { total: number }; jobs: unknown[] };
    expect(status.errors.total).toBe(0);
    expect(status.jobs).toEqual([]);
  });

  it('exits 1 with the missing settings named when no app is configured', async () => {
    const { code, stderr } = await twinsync(['sync', '--mapping', 'customers']);
    expect(code).toBe(1);
    expect(stderr).toContain('The ERP is not configured: set ERP_URL and ERP_TOKEN.');
  });

  it('exits 2 naming the allowed values of a bad option', async () => {
    const { code, stderr } = await twinsync(['sync', '--direction', 'up']);
    expect(code).toBe(2);
    expect(stderr).toContain('--direction must be one of erp-to-crm, crm-to-erp, both');
  });
});
