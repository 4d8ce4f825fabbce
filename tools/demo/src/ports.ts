import { createServer } from 'node:net';

export interface PortClaim {
  what: string;
  port: number;
  /** How to choose another port, e.g. "Set MOCK_ERP_PORT or --erp-port." */
  hint: string;
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Checks the fixed ports before anything starts (port 0 is always free), so a taken port fails
 * fast with one clear message instead of after the portal build.
 */
export async function takenPorts(claims: readonly PortClaim[], host = '127.0.0.1') {
  const taken: PortClaim[] = [];
  for (const claim of claims) {
    if (claim.port !== 0 && !(await isFree(claim.port, host))) taken.push(claim);
  }
  return taken;
}

export function describeTakenPorts(taken: readonly PortClaim[]): string {
  return taken
    .map((c) => `Port ${c.port} (${c.what}) is already in use — stop what uses it. ${c.hint}`)
    .join('\n');
}
