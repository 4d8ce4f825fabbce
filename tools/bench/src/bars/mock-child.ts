/**
 * One mock app in a process of its own (forked through mock-process.ts for P1 and R6, never
 * imported by the harness): the apps are separate systems, and one event loop for both would make
 * one app's work delay the other's. Request-window limits lifted. IPC: `reset`, `seed` (ERP),
 * `cpu` (ms used so far), `waited` (ms its threads waited for a CPU so far), `statements` (SQL
 * statements since the last ask), `profile-start` and `profile-stop` (writes a .cpuprofile to
 * `path`), `stop`; every answer is one message.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startMockCrm } from '@twinsync/mock-crm';
import { startMockErp } from '@twinsync/mock-erp';
import { runQueueWaitMs } from './child-process';
import { failStartup, type FailedReply } from './r6-child';

export type MockRequest =
  | { op: 'reset' }
  | { op: 'seed'; count: number; seed: number }
  | { op: 'cpu' }
  | { op: 'waited' }
  | { op: 'statements' }
  | { op: 'profile-start' }
  | { op: 'profile-stop'; path: string }
  /** Every API request waits min–max ms before it is served (a network between app and sync). */
  | { op: 'latency'; minMs: number; maxMs: number }
  | { op: 'stop' };

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
  let statements = 0;
  // The CRM mock runs on knex; the ERP mock does not expose its database.
  if ('db' in running.app) running.app.db.on('query', () => void statements++);
  let profiler: Session | null = null;
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
          case 'waited':
            send({ type: 'done', value: runQueueWaitMs() ?? -1 });
            break;
          case 'statements':
            send({ type: 'done', value: statements });
            statements = 0;
            break;
          case 'profile-start':
            profiler = new Session();
            profiler.connect();
            await profiler.post('Profiler.enable');
            await profiler.post('Profiler.setSamplingInterval', { interval: 1000 });
            await profiler.post('Profiler.start');
            send({ type: 'done', value: 0 });
            break;
          case 'profile-stop': {
            if (!profiler) throw new Error('no profile was started');
            const { profile } = await profiler.post('Profiler.stop');
            profiler.disconnect();
            profiler = null;
            writeFileSync(request.path, JSON.stringify(profile));
            send({ type: 'done', value: 0 });
            break;
          }
          case 'latency':
            running.app.controls.setFaults({ latencyMs: [request.minMs, request.maxMs] });
            send({ type: 'done', value: 0 });
            break;
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
