import { randomUUID } from 'node:crypto';
import { createCrmClient, createErpClient } from '@twinsync/connectors';
import { createSyncEngine, defaultDomain } from '@twinsync/sync-engine';
import type { CouplingInput } from '@twinsync/sync-store';
import pLimit from 'p-limit';
import { formatCount, formatMs, formatSpread, summarize } from '../report';
import type { BarResult } from '../report';
import { seedCouplings, tempSqliteStore } from './api-fixture';
import type { BarContext } from './context';
import { labels } from './labels';
import { startMocks, type Mocks } from './p1-initial-sync';

const token = 'bench-token';
const CRLF = '\r\n';

function mappingOfCustomers() {
  const mapping = defaultDomain.mappings.find((m) => m.id === 'customers');
  if (!mapping) throw new Error('the engine domain has no customers mapping');
  return mapping;
}

/** Creates CRM accounts with chosen ids through multipart `$batch` (setup, untimed). */
async function createAccounts(mocks: Mocks, accounts: readonly Record<string, unknown>[]) {
  const api = `${mocks.crm.url}/api/data/v9.2`;
  const limit = pLimit(2);
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < accounts.length; i += 1000) chunks.push(accounts.slice(i, i + 1000));
  await Promise.all(
    chunks.map((chunk) =>
      limit(async () => {
        const boundary = `batch_${randomUUID()}`;
        const body =
          chunk
            .map(
              (a) =>
                `--${boundary}${CRLF}Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}${CRLF}` +
                `POST ${api}/accounts HTTP/1.1${CRLF}Content-Type: application/json; type=entry${CRLF}${CRLF}` +
                `${JSON.stringify(a)}${CRLF}`,
            )
            .join('') + `--${boundary}--${CRLF}`;
        const res = await fetch(`${api}/$batch`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'OData-Version': '4.0',
            'content-type': `multipart/mixed; boundary=${boundary}`,
          },
          body,
        });
        const text = await res.text();
        const created = text.match(/HTTP\/1\.1 20[14]/g)?.length ?? 0;
        if (res.status !== 200 || created !== chunk.length)
          throw new Error(
            `seeding CRM accounts: ${res.status}, ${created}/${chunk.length} created`,
          );
      }),
    ),
  );
}

interface Scenario {
  coupled: number;
  mocks: Mocks;
  engine: ReturnType<typeof createSyncEngine>;
  erpIds: string[];
  crmIds: string[];
  close(): Promise<void>;
}

/**
 * `coupled` customer ↔ account pairs: the ERP seeded by its control, matching CRM accounts created
 * in bulk, the couplings written to the store in bulk, then one untimed incremental run that finds
 * nothing to do and sets both change tokens.
 */
async function scenario(coupled: number, log: (m: string) => void): Promise<Scenario> {
  const started = performance.now();
  const mocks = await startMocks();
  const temp = await tempSqliteStore('p2');
  try {
    const mapping = mappingOfCustomers();
    const seeded = await mocks.erp.app.controls.seed(coupled, 7);
    if (seeded.customers !== coupled) throw new Error(`ERP seeded ${seeded.customers} customers`);
    const erp = createErpClient({ baseUrl: `${mocks.erp.url}/api/v2.0`, token });
    const crm = createCrmClient({ baseUrl: `${mocks.crm.url}/api/data/v9.2`, token });
    const erpRecords: Record<string, unknown>[] = [];
    for await (const page of erp.list('customers')) erpRecords.push(...page);
    const accounts = erpRecords.map((raw) => {
      const canonical = mapping.toCanonical('erp', raw);
      return {
        accountid: randomUUID(),
        ...mapping.toRaw('crm', canonical, { forCreate: true, all: canonical }),
      };
    });
    await createAccounts(mocks, accounts);
    const crmEtags = new Map<string, string>();
    for await (const page of crm.list('accounts'))
      for (const a of page) crmEtags.set(String(a['accountid']), String(a['@odata.etag']));
    const inputs: CouplingInput[] = erpRecords.map((raw, i) => {
      const canonical = mapping.toCanonical('erp', raw);
      const accountId = String(accounts[i]!.accountid);
      return {
        mappingId: 'customers',
        erpId: String(raw['id']),
        crmId: accountId,
        erpVersion: String(raw['@odata.etag']),
        crmVersion: crmEtags.get(accountId) ?? null,
        base: { ...canonical },
        state: 'coupled',
        recordNumber: typeof raw['number'] === 'string' ? raw['number'] : '',
        recordName: typeof raw['displayName'] === 'string' ? raw['displayName'] : '',
      };
    });
    const engine = createSyncEngine({
      store: temp.store,
      erp: { url: mocks.erp.url, token },
      crm: { url: mocks.crm.url, token },
      scheduleIntervalMs: 24 * 3_600_000,
      // No scheduled run of another mapping may start during the measurement.
      scheduleCheckMs: 24 * 3_600_000,
    });
    await engine.start();
    await seedCouplings(temp.store, inputs);
    const prime = await engine.runSync({ mapping: 'customers' });
    if (prime.status !== 'succeeded')
      throw new Error(`priming run ${prime.status}: ${prime.error}`);
    log(
      `P2: ${formatCount(coupled)} coupled pairs ready in ${formatMs(performance.now() - started)} ` +
        `(priming run counters ${JSON.stringify(prime.counters)})`,
    );
    return {
      coupled,
      mocks,
      engine,
      erpIds: inputs.map((c) => c.erpId ?? ''),
      crmIds: inputs.map((c) => c.crmId ?? ''),
      async close() {
        await engine.close();
        await temp.close();
        await mocks.close();
      },
    };
  } catch (error) {
    await temp.close();
    await mocks.close();
    throw error;
  }
}

/** 100 user edits spread over the table, half in each app (a new value each round). */
async function makeChanges(s: Scenario, round: number) {
  const step = Math.floor(s.coupled / 100);
  for (let k = 0; k < 100; k++) {
    const index = (k * step + round) % s.coupled;
    if (k % 2 === 0) {
      await s.mocks.erp.app.controls.editAsUser('customers', s.erpIds[index]!, {
        phoneNumber: `+1 555 ${round}-${k}`,
      });
    } else {
      await s.mocks.crm.app.controls.editAsUser('accounts', s.crmIds[index]!, {
        telephone1: `+46 8 ${round}-${k}`,
      });
    }
  }
}

const warmupRounds = 2;

async function measure(s: Scenario, rounds: number, log: (m: string) => void) {
  const samples: number[] = [];
  for (let round = 0; round < rounds + warmupRounds; round++) {
    await makeChanges(s, round + 1);
    const t0 = performance.now();
    const result = await s.engine.runSync({ mapping: 'customers' });
    const ms = performance.now() - t0;
    const updated = result.counters.modified;
    if (result.status !== 'succeeded' || updated !== 100)
      throw new Error(
        `incremental run over ${s.coupled} coupled: ${result.status}, counters ${JSON.stringify(result.counters)}`,
      );
    if (round >= warmupRounds) samples.push(ms);
    log(`P2 ${formatCount(s.coupled)} coupled, round ${round}: ${formatMs(ms)}`);
  }
  return samples;
}

export async function runP2(ctx: BarContext): Promise<BarResult> {
  const small = 2_000;
  const large = ctx.quick ? 20_000 : 200_000;
  const rounds = ctx.quick ? 3 : 5;
  const results: Record<number, number[]> = {};
  for (const size of [small, large]) {
    const s = await scenario(size, (m) => ctx.log(m));
    try {
      results[size] = await measure(s, rounds, (m) => ctx.log(m));
    } finally {
      await s.close();
    }
  }
  const smallMs = summarize(results[small]!).median;
  const largeMs = summarize(results[large]!).median;
  const ratio = largeMs / smallMs;
  return {
    id: 'P2',
    ...labels.P2,
    what: `incremental sync of 100 changes, ${formatCount(large)} vs ${formatCount(small)} coupled`,
    figure: `${formatCount(large)} coupled: ${formatSpread(results[large]!, formatMs)}`,
    baseline: `${formatCount(small)} coupled: ${formatSpread(results[small]!, formatMs)}`,
    ratio,
    pass: ratio <= 1.5,
    notes:
      `100 user edits per round (50 in each app, spread over the table), then one incremental run ` +
      `(both directions) of the engine in the harness process against both mocks; ${rounds} measured ` +
      `rounds after ${warmupRounds} warm-up rounds; every run checked to update exactly 100 pairs. Couplings and CRM ` +
      `accounts seeded in bulk, change tokens set by one untimed run.` +
      (ctx.quick ? ` Quick variant: ${formatCount(large)} instead of 200k coupled.` : ''),
    raw: { small, large, smallMs: results[small], largeMs: results[large], ratio },
  };
}
