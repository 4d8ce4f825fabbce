import { createMockErp, mockErpHandlers, startMockErp } from '@twinsync/mock-erp';
import { setupServer } from 'msw/node';
import { mswReceiver, startReceiver, type Receiver } from './receiver';

/** Something the BC contract can run against. */
export interface ErpTarget {
  name: string;
  /** Origin, e.g. http://127.0.0.1:5102 (the API is under /api/v2.0/). */
  origin: string;
  token: string;
  /** The mock-only `/_mock/` controls exist (false for a real Business Central). */
  mockControls: boolean;
  /** A webhook receiver the service can reach, when one can be offered. */
  receiver: Receiver | undefined;
  close(): Promise<void>;
}

const fastWebhooks = { webhookDelayMs: 250, webhookRetries: 3, webhookRetryBaseMs: 30 };

/** The mock served by express on a random real port, with a real-port webhook receiver. */
export async function expressTarget(): Promise<ErpTarget> {
  const running = await startMockErp({ port: 0, token: 'contract-token', ...fastWebhooks });
  const receiver = await startReceiver();
  return {
    name: 'express',
    origin: running.url,
    token: 'contract-token',
    mockControls: true,
    receiver,
    async close() {
      await receiver.close();
      await running.close();
    },
  };
}

/** The same handler mounted as msw handlers; unhandled requests fail the test. */
export async function mswTarget(): Promise<ErpTarget> {
  const origin = 'http://erp.msw.test';
  const app = await createMockErp({ token: 'contract-token', ...fastWebhooks });
  const { receiver, handlers } = mswReceiver('http://receiver.msw.test');
  const server = setupServer(...mockErpHandlers(app, origin), ...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return {
    name: 'msw',
    origin,
    token: 'contract-token',
    mockControls: true,
    receiver,
    async close() {
      server.close();
      await app.close();
    },
  };
}

/** A service given by ERP_CONTRACT_URL (origin) and ERP_CONTRACT_TOKEN, e.g. a real sandbox. */
export function remoteTarget(env: NodeJS.ProcessEnv): ErpTarget | undefined {
  const origin = env['ERP_CONTRACT_URL'];
  if (!origin) return undefined;
  return {
    name: `remote ${origin}`,
    origin: origin.replace(/\/+$/, ''),
    token: env['ERP_CONTRACT_TOKEN'] ?? '',
    mockControls: env['ERP_CONTRACT_MOCK_CONTROLS'] === '1',
    receiver: undefined,
    close: () => Promise.resolve(),
  };
}
