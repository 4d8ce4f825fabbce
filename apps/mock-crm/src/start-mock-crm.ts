import { serveHandler } from '@twinsync/odata-kit';
import { createMockCrm, type MockCrm, type MockCrmOptions } from './create-mock-crm';

export interface StartMockCrmOptions extends MockCrmOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: string;
}

export interface RunningMockCrm {
  /** Origin, e.g. http://127.0.0.1:5101 (the API is under /api/data/v9.2/). */
  url: string;
  app: MockCrm;
  close(): Promise<void>;
}

/** Starts the mock on a real port. Rejects (instead of hanging) when the port is taken. */
export async function startMockCrm(options: StartMockCrmOptions = {}): Promise<RunningMockCrm> {
  const app = await createMockCrm(options);
  try {
    const served = await serveHandler((req) => app.handle(req), {
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
    });
    return {
      url: served.url,
      app,
      async close() {
        await served.close();
        await app.close();
      },
    };
  } catch (err) {
    await app.close();
    throw err;
  }
}
