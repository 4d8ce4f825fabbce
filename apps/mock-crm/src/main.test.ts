import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('npm run mock-crm (src/main.ts)', () => {
  it('starts on MOCK_CRM_PORT with MOCK_CRM_TOKEN, logs one line per request and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, MOCK_CRM_PORT: '0', MOCK_CRM_TOKEN: 'main-token', MOCK_LOG: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      const deadline = Date.now() + 30_000;
      let url: string | undefined;
      while (url === undefined && Date.now() < deadline) {
        url = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
        if (url === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(url, out).toBeDefined();
      const ok = await fetch(`${url}/api/data/v9.2/accounts?$top=1`, {
        headers: { authorization: 'Bearer main-token' },
      });
      expect(ok.status).toBe(200);
      const denied = await fetch(`${url}/api/data/v9.2/accounts`, {
        headers: { authorization: 'Bearer dev-token' },
      });
      expect(denied.status).toBe(401);
      await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(/mock-crm GET \/api\/data\/v9\.2\/accounts\?\$top=1 → 200/);
      expect(out).toMatch(/mock-crm GET \/api\/data\/v9\.2\/accounts → 401/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('SIGTERM, stopping');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
