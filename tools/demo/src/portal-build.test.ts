import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPortal, portalBuildState } from './portal-build';

let project: string;

function touch(file: string, secondsAgo: number) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'x');
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
}

beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'demo-portal-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('portal build check', () => {
  it('says there is nothing to build when the portal has no sources', () => {
    expect(portalBuildState(project)).toBe('no-sources');
  });

  it('asks for a build when dist/index.html is missing', () => {
    touch(path.join(project, 'index.html'), 100);
    touch(path.join(project, 'src', 'main.ts'), 100);
    expect(portalBuildState(project)).toBe('missing');
  });

  it('keeps a build newer than every source and rebuilds after a source changed', () => {
    touch(path.join(project, 'index.html'), 100);
    touch(path.join(project, 'src', 'pages', 'ErrorsPage.vue'), 100);
    touch(path.join(project, 'dist', 'index.html'), 50);
    expect(portalBuildState(project)).toBe('fresh');
    touch(path.join(project, 'src', 'pages', 'ErrorsPage.vue'), 10);
    expect(portalBuildState(project)).toBe('stale');
  });

  it('builds the project with the workspace Vite, after which the build is fresh', async () => {
    writeFileSync(
      path.join(project, 'index.html'),
      '<!doctype html><html><body><script type="module" src="/src/main.js"></script></body></html>',
    );
    touch(path.join(project, 'src', 'main.js'), 100);
    writeFileSync(path.join(project, 'src', 'main.js'), 'document.title = "built";\n');
    await buildPortal(project, 60_000);
    expect(portalBuildState(project)).toBe('fresh');
  }, 90_000);

  it('fails with the build output when the sources do not build', async () => {
    writeFileSync(
      path.join(project, 'index.html'),
      '<!doctype html><html><body><script type="module" src="/src/missing.js"></script></body></html>',
    );
    await expect(buildPortal(project, 60_000)).rejects.toThrow(
      /building the portal failed[^]*missing/,
    );
  }, 90_000);
});
