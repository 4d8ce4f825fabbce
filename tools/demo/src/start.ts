/**
 * `npm start`: the end-to-end demo. Today it starts what exists — the Business Central-like
 * mock-erp, seeded deterministically — and says plainly which parts are still missing
 * (mock-crm, sync engine, sync server wiring, portal). Ctrl-C stops it cleanly.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startMockErp } from '@twinsync/mock-erp';
import { parseDemoOptions, usage } from './options';

async function main(): Promise<void> {
  const options = parseDemoOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(usage);
    return;
  }
  if (options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });
  const token = process.env['MOCK_ERP_TOKEN'] ?? 'dev-token';
  const erp = await startMockErp({
    port: options.erpPort,
    token,
    db: path.join(options.dataDir, 'erp.sqlite'),
  });
  console.log(
    `mock-erp (Business Central API v2.0) listening on ${erp.url}/api/v2.0/ (token "${token}")`,
  );
  const companies = await fetch(`${erp.url}/api/v2.0/companies`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json() as Promise<{ value: Array<{ id: string }> }>);
  const company = companies.value[0]?.id;
  const existing = await fetch(`${erp.url}/api/v2.0/companies(${company})/customers?$top=1`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json() as Promise<{ value: unknown[] }>);
  if (existing.value.length === 0) {
    await erp.app.controls.seed(options.customers, options.seed);
    console.log(
      `seeded ${options.customers} customers with contacts and items (seed ${options.seed})`,
    );
  }
  console.log(
    [
      '',
      'Not part of the demo yet (open issues): mock-crm, the sync engine, the sync server wiring',
      'and the portal. Try:',
      `  curl -H "Authorization: Bearer ${token}" "${erp.url}/api/v2.0/companies(${company})/customers?\\$top=3"`,
      '',
      'Ctrl-C stops.',
    ].join('\n'),
  );
  const stop = () => {
    void erp.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
