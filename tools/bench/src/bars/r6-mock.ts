/**
 * One mock app in a process of its own for R6 (forked by r6-scale-out.ts, never imported by the
 * harness): the apps are separate systems, and two workers can only outpace one when the apps are
 * not one event loop. Same settings as P1's mocks (request-window limits lifted). IPC: `reset`,
 * `seed` (ERP), `cpu`, `stop`; every answer is one message.
 */
import { startMockCrm } from '@twinsync/mock-crm';
import { startMockErp } from '@twinsync/mock-erp';
import { failStartup, type FailedReply } from './r6-child';

export type MockRequest =
  { op: 'reset' } | { op: 'seed'; count: number; seed: number } | { op: 'cpu' } | { op: 'stop' };

export type MockAnswer =
  { type: 'ready'; url: string } | { type: 'done'; value: number } | FailedReply;

const unlimited = { requestsPerWindow: 100_000_000, windowSeconds: 300 };

function send(answer: MockAnswer): void {
  process.send?.(answer);
}

async function main(): Promise<void> {
  const app = process.argv[2] === 'erp' ? 'erp' : 'crm';
  const token = process.argv[3] ?? 'bench-token';
  const running =
    app === 'erp'
      ? await startMockErp({
          port: 0,
          token,
          log: false,
          webhookDelayMs: 3_600_000,
          limits: unlimited,
        })
      : await startMockCrm({ port: 0, token, log: false, limits: unlimited });
  send({ type: 'ready', url: running.url });
  process.on('message', (raw) => {
    const request = raw as MockRequest;
    void (async () => {
      try {
        switch (request.op) {
          case 'reset':
            await running.app.controls.reset();
            send({ type: 'done', value: 0 });
            break;
          case 'seed': {
            if (!('seed' in running.app.controls)) throw new Error('only the ERP mock seeds');
            const seeded = await running.app.controls.seed(request.count, request.seed);
            send({ type: 'done', value: 'customers' in seeded ? seeded.customers : 0 });
            break;
          }
          case 'cpu': {
            const used = process.cpuUsage();
            send({ type: 'done', value: (used.user + used.system) / 1000 });
            break;
          }
          case 'stop':
            await running.close();
            send({ type: 'done', value: 0 });
            process.disconnect?.();
            break;
        }
      } catch (error) {
        send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}

main().catch((error: unknown) => failStartup(error, send));
