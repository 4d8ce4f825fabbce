import { defaultCompanies } from '../src/repositories/companies';
import { startMockErp } from '../src/start-mock-erp';

export interface ErpBenchOptions {
  /** Customers created through JSON $batch (100 per batch). Default 5000. */
  records?: number;
  /** Batches in flight at once (BC allows 5 concurrent requests). Default 4. */
  concurrency?: number;
  /** Prefer: odata.maxpagesize for the read pass. Default 5000. */
  pageSize?: number;
}

export interface ErpBenchResult {
  records: number;
  createsPerSecond: number;
  createMs: number;
  readsPerSecond: number;
  readMs: number;
  pages: number;
}

const token = 'bench-token';

/**
 * Measures the Business Central mock over HTTP on loopback: creates/s through atomic JSON $batch
 * requests of 100 creates (the raw ceiling P1 compares against), then reads/s paging the whole
 * collection with Prefer: odata.maxpagesize.
 */
export async function benchErp(options: ErpBenchOptions = {}): Promise<ErpBenchResult> {
  const records = options.records ?? 5000;
  const concurrency = options.concurrency ?? 4;
  const pageSize = options.pageSize ?? 5000;
  const running = await startMockErp({ port: 0, token });
  const company = defaultCompanies[0].id;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  try {
    const batches: unknown[][] = [];
    for (let i = 0; i < records; i += 100) {
      batches.push(
        Array.from({ length: Math.min(100, records - i) }, (_, k) => ({
          id: String(k + 1),
          method: 'POST',
          url: `companies(${company})/customers`,
          headers: { 'Content-Type': 'application/json' },
          body: {
            displayName: `Bench Customer ${i + k}`,
            email: `bench${i + k}@example.com`,
            city: 'Seattle',
            creditLimit: (i + k) % 50_000,
          },
        })),
      );
    }
    const createStart = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const requests = batches[next++];
        const res = await fetch(`${running.url}/api/v2.0/$batch`, {
          method: 'POST',
          headers: { ...headers, Isolation: 'snapshot' },
          body: JSON.stringify({ requests }),
        });
        const body = (await res.json()) as { responses: { status: number }[] };
        if (res.status !== 200 || body.responses.some((r) => r.status !== 201)) {
          throw new Error(`bench batch failed: ${res.status}`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const createMs = performance.now() - createStart;

    const readStart = performance.now();
    let url: string | undefined = `${running.url}/api/v2.0/companies(${company})/customers`;
    let read = 0;
    let pages = 0;
    while (url) {
      const res = await fetch(url, {
        headers: { ...headers, Prefer: `odata.maxpagesize=${pageSize}` },
      });
      const body = (await res.json()) as { value: unknown[]; '@odata.nextLink'?: string };
      read += body.value.length;
      pages++;
      url = body['@odata.nextLink'];
    }
    const readMs = performance.now() - readStart;
    if (read !== records) throw new Error(`bench read ${read} records, expected ${records}`);
    return {
      records,
      createsPerSecond: Math.round((records / createMs) * 1000),
      createMs: Math.round(createMs),
      readsPerSecond: Math.round((read / readMs) * 1000),
      readMs: Math.round(readMs),
      pages,
    };
  } finally {
    await running.close();
  }
}

// `npx tsx apps/mock-erp/bench/erp.bench.ts [records]` prints one run.
if (import.meta.url === `file://${process.argv[1]}`) {
  const records = Number(process.argv[2] ?? 5000);
  console.table(await benchErp({ records }));
}
