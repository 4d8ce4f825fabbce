/**
 * The sync worker R1 kills: opens the store file, takes back the job a killed worker left running
 * (engine.start requeues it), finishes it, runs one more sync of customers and reports. Run as
 * `node --import tsx r1-worker.ts` with CHAOS_ERP_URL, CHAOS_CRM_URL and CHAOS_DB set.
 */
import { createStore } from '@twinsync/sync-store';
import { engineOver } from './harness/two-apps';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const store = await createStore({ client: 'sqlite', filename: env('CHAOS_DB') });
  const engine = engineOver(
    store,
    { erp: env('CHAOS_ERP_URL'), crm: env('CHAOS_CRM_URL') },
    { maxSleepMs: 50 },
    { batchSize: Number(process.env['CHAOS_BATCH'] ?? 100), staleJobMs: 0 },
  );
  let processed = 0;
  engine.subscribe((event) => {
    if (event.type === 'jobProgress' && event.state === 'running') {
      processed += 1;
      process.stdout.write(`${JSON.stringify({ progress: processed })}\n`);
    }
  });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await engine.start();
  await engine.idle();
  const result = await engine.runSync({ mapping: 'customers' });
  await engine.idle();
  process.stdout.write(
    `${JSON.stringify({ done: true, status: result.status, counters: result.counters })}\n`,
  );
  await engine.close();
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
