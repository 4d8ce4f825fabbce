import { createMockCrm, mockCrmHandlers, startMockCrm } from '@twinsync/mock-crm';
import { setupServer } from 'msw/node';

/** Something the Dataverse contract can run against. */
export interface CrmTarget {
  name: string;
  /** Origin, e.g. http://127.0.0.1:5101 (the API is under /api/data/v9.2/). */
  origin: string;
  token: string;
  /** The mock-only `/_mock/` controls exist (false for a real Dataverse). */
  mockControls: boolean;
  close(): Promise<void>;
}

/** The mock served by express on a random real port. */
export async function expressTarget(): Promise<CrmTarget> {
  const running = await startMockCrm({ port: 0, token: 'contract-token' });
  return {
    name: 'express',
    origin: running.url,
    token: 'contract-token',
    mockControls: true,
    close: () => running.close(),
  };
}

/** The same handler mounted as msw handlers; unhandled requests fail the test. */
export async function mswTarget(): Promise<CrmTarget> {
  const origin = 'http://crm.msw.test';
  const app = await createMockCrm({ token: 'contract-token' });
  const server = setupServer(...mockCrmHandlers(app, origin));
  server.listen({ onUnhandledRequest: 'error' });
  return {
    name: 'msw',
    origin,
    token: 'contract-token',
    mockControls: true,
    async close() {
      server.close();
      await app.close();
    },
  };
}

/** A service given by CRM_CONTRACT_URL (origin) and CRM_CONTRACT_TOKEN, e.g. a real environment. */
export function remoteTarget(env: NodeJS.ProcessEnv): CrmTarget | undefined {
  const origin = env['CRM_CONTRACT_URL'];
  if (!origin) return undefined;
  return {
    name: `remote ${origin}`,
    origin: origin.replace(/\/+$/, ''),
    token: env['CRM_CONTRACT_TOKEN'] ?? '',
    mockControls: env['CRM_CONTRACT_MOCK_CONTROLS'] === '1',
    close: () => Promise.resolve(),
  };
}
