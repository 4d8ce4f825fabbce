/**
 * A scale-out worker as its own process, for the crash test: a PostgreSQL store in
 * SCALE_PG_SCHEMA, both apps over HTTP, jobs and chunks from pg-boss. Prints one JSON line per
 * committed batch ({"committed":n}) so the test knows when to kill it; runs until it is killed.
 * Run as `node --import tsx scale-worker.ts` with SCALE_PG_URL, SCALE_PG_SCHEMA, SCALE_WORKER,
 * ERP_URL, ERP_TOKEN, CRM_URL, CRM_TOKEN and SCALE_CHUNK_SIZE set; optional: SCALE_RETRY_LIMIT
 * (pg-boss hand-overs), SCALE_FREEZE_AFTER (after that many committed batches it prints
 * {"frozen":n} and stops itself with SIGSTOP inside the hook — no heartbeats — until SIGCONT).
 * Also prints {"writing":n} before each batch's writes (a woken worker must write no more).
 * Started by worker-process.ts.
 */
import { createStore } from '@twinsync/sync-store';
import { createSyncEngine } from '../../engine/create-sync-engine';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Log lines on stderr (the test shows them when the worker fails). */
function log(level: string, obj: object, msg?: string): void {
  const text = JSON.stringify(obj, (_key, value: unknown) =>
    value instanceof Error ? (value.stack ?? value.message) : value,
  );
  process.stderr.write(`${level} ${msg ?? ''} ${text}\n`);
}

async function main(): Promise<void> {
  const store = await createStore({
    client: 'pg',
    connection: env('SCALE_PG_URL'),
    schema: env('SCALE_PG_SCHEMA'),
    poolMax: 4,
    // A worker frozen mid-transaction keeps its job's row locked until PostgreSQL ends the session.
    idleInTransactionTimeoutMs: Number(process.env['SCALE_IDLE_TX_MS'] ?? 60_000),
  });
  const chunkSize = Number(env('SCALE_CHUNK_SIZE'));
  const retryLimit = process.env['SCALE_RETRY_LIMIT'];
  const freezeAfter = Number(process.env['SCALE_FREEZE_AFTER'] ?? 0);
  let committed = 0;
  let writing = 0;
  const engine = createSyncEngine({
    store,
    erp: { url: env('ERP_URL'), token: env('ERP_TOKEN') },
    crm: { url: env('CRM_URL'), token: env('CRM_TOKEN') },
    workerId: env('SCALE_WORKER'),
    logger: {
      info: (obj, msg) => log('info', obj, msg),
      warn: (obj, msg) => log('warn', obj, msg),
      error: (obj, msg) => log('error', obj, msg),
    },
    batchSize: 50,
    scheduleCheckMs: 60 * 60_000,
    scaleOut: {
      heartbeatSeconds: 10,
      superviseIntervalSeconds: 1,
      pollingIntervalSeconds: 0.5,
      partition: { chunkSize, minRecords: chunkSize * 2, pollMs: 100 },
      ...(retryLimit === undefined ? {} : { retryLimit: Number(retryLimit) }),
    },
    hooks: {
      beforeWrites: () => {
        writing += 1;
        process.stdout.write(`${JSON.stringify({ writing })}\n`);
      },
      afterCommit: () => {
        committed += 1;
        process.stdout.write(`${JSON.stringify({ committed })}\n`);
        if (committed === freezeAfter) {
          process.stdout.write(`${JSON.stringify({ frozen: committed })}\n`);
          // The whole process stops here (timers, pg-boss heartbeats, sockets) until SIGCONT.
          process.kill(process.pid, 'SIGSTOP');
        }
      },
    },
  });
  await engine.start();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  const stop = () => {
    void engine
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
