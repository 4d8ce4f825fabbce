/**
 * A scale-out worker process R6 measures, forked by r6-scale-out.ts (never imported by the
 * harness itself): the sync engine on the shared PostgreSQL store, jobs and chunks from pg-boss,
 * both mock apps over HTTP. Says `ready` once it takes work, and stops cleanly on `stop`, reporting
 * the chunks it processed and its CPU time.
 */
import { createSyncEngine } from '@twinsync/sync-engine';
import { createStore } from '@twinsync/sync-store';
import { peakRssBytes } from './child-process';
import { failStartup, type FailedReply } from './r6-child';

export interface WorkerConfig {
  pgUrl: string;
  schema: string;
  workerId: string;
  erpUrl: string;
  crmUrl: string;
  token: string;
  batchSize: number;
  chunkSize: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'stopped'; batches: number; cpuMs: number; maxRssBytes: number }
  | FailedReply;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
  const store = await createStore({
    client: 'pg',
    connection: config.pgUrl,
    schema: config.schema,
    poolMax: 6,
  });
  let batches = 0;
  const engine = createSyncEngine({
    store,
    erp: { url: config.erpUrl, token: config.token },
    crm: { url: config.crmUrl, token: config.token },
    workerId: config.workerId,
    batchSize: config.batchSize,
    scheduleCheckMs: 60 * 60_000,
    scaleOut: {
      pollingIntervalSeconds: 0.5,
      partition: { chunkSize: config.chunkSize, minRecords: config.chunkSize * 2, pollMs: 100 },
    },
    hooks: { afterCommit: () => void batches++ },
  });
  const cpu = process.cpuUsage();
  await engine.start();
  send({ type: 'ready' });
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void (async () => {
      await engine.close();
      await store.close();
      const used = process.cpuUsage(cpu);
      send({
        type: 'stopped',
        batches,
        cpuMs: (used.user + used.system) / 1000,
        maxRssBytes: peakRssBytes(),
      });
      process.disconnect?.();
    })();
  });
}

main().catch((error: unknown) => failStartup(error, send));
