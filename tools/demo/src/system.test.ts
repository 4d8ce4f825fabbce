import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PortInUseError, startDemoSystem } from './system';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

async function occupiedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function canListenOn(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('starting the demo system', () => {
  it('names the taken port and the variable to change, and leaves nothing running', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'twinsync-demo-port-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const taken = await occupiedPort();
    // The mocks get fixed free ports so we can check afterwards that they were closed again.
    const free = await freePort();
    const free2 = await freePort();
    const failure = await startDemoSystem({
      dataDir,
      serverPort: taken,
      crmPort: free,
      erpPort: free2,
      bcryptRounds: 4,
      logLevel: 'silent',
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PortInUseError);
    expect((failure as Error).message).toBe(
      `the sync server cannot listen on port ${taken}: it is already in use. Set PORT or --port.`,
    );
    expect(await canListenOn(free)).toBe(true);
    expect(await canListenOn(free2)).toBe(true);
  });
});
