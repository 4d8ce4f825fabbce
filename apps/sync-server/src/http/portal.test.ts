import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from './listen';
import { servePortal } from './portal';

describe('servePortal', () => {
  let dir: string;
  let running: RunningServer;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'portal-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>TwinSync</title>');
    await writeFile(path.join(dir, 'app.js'), 'console.log(1)');
    const app = express();
    app.use(servePortal(dir));
    running = await listen(app, 0);
  });
  afterAll(async () => {
    await running.close(100);
    await rm(dir, { recursive: true, force: true });
  });

  it('serves built files and falls back to index.html for client-side routes', async () => {
    expect(await (await fetch(`${running.url}/app.js`)).text()).toBe('console.log(1)');
    const deep = await fetch(`${running.url}/errors/123`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toContain('<title>TwinSync</title>');
  });

  it('does not answer non-HTML requests for unknown paths with the page', async () => {
    const response = await fetch(`${running.url}/missing.json`, {
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(404);
  });
});
