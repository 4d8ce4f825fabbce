import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeTakenPorts, takenPorts } from './ports';

const servers: Server[] = [];

function occupy(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('port check before start', () => {
  it('names a port another process listens on, with the hint to change it', async () => {
    const port = await occupy();
    const taken = await takenPorts([{ what: 'mock-erp', port, hint: 'Set MOCK_ERP_PORT.' }]);
    expect(taken).toHaveLength(1);
    expect(describeTakenPorts(taken)).toBe(
      `Port ${port} (mock-erp) is already in use — stop what uses it. Set MOCK_ERP_PORT.`,
    );
  });

  it('finds a port free again once its listener closed, and port 0 always free', async () => {
    const port = await occupy();
    await new Promise((r) => servers.pop()!.close(r));
    expect(
      await takenPorts([
        { what: 'a', port, hint: '' },
        { what: 'b', port: 0, hint: '' },
      ]),
    ).toEqual([]);
  });
});
