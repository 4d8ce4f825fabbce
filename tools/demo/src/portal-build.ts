import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (tools/demo/src). */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const portalProject = path.join(repoRoot, 'apps', 'portal');
export const portalDist = path.join(portalProject, 'dist');

/** Newest modification time (ms) of the files under `target`; 0 when it does not exist. Bounded depth. */
export function newestMtime(target: string, depth = 8): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  if (depth === 0) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry), depth - 1));
  }
  return newest;
}

export type PortalBuildState = 'missing' | 'stale' | 'fresh' | 'no-sources';

/** Whether `dist/index.html` is older than any source of the portal (src, index.html, config). */
export function portalBuildState(project = portalProject): PortalBuildState {
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) =>
    path.join(project, f),
  );
  if (!existsSync(path.join(project, 'index.html'))) return 'no-sources';
  const built = path.join(project, 'dist', 'index.html');
  if (!existsSync(built)) return 'missing';
  const newestSource = Math.max(...sources.map((s) => newestMtime(s)));
  return newestSource > statSync(built).mtimeMs ? 'stale' : 'fresh';
}

/** Runs `vite build` in apps/portal with the workspace's own Vite; rejects with its output. */
export function buildPortal(project = portalProject, timeoutMs = 240_000): Promise<void> {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `building the portal failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`,
          ),
        );
    });
  });
}
