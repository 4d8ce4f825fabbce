import { randomUUID } from 'node:crypto';
import { startMockCrm } from '../src/start-mock-crm';

export interface CrmBenchOptions {
  /** Accounts created through multipart $batch change sets. Default 5000. */
  records?: number;
  /** Creates per $batch (one atomic change set; Dataverse allows 1000). Default 1000. */
  batchSize?: number;
  /** Batches in flight at once. Default 2. */
  concurrency?: number;
  /** Prefer: odata.maxpagesize for the read pass (≤ 5000). Default 5000. */
  pageSize?: number;
  /** Single-record GETs timed after the paging pass. Default 500. */
  singleReads?: number;
}

export interface CrmBenchResult {
  records: number;
  batches: number;
  /** Records committed per second through $batch change sets. */
  createsPerSecond: number;
  createMs: number;
  /** Records per second paging the whole collection with Prefer: odata.maxpagesize. */
  readsPerSecond: number;
  readMs: number;
  pages: number;
  /** Single-record GETs by id per second (one request each, sequential). */
  singleReadsPerSecond: number;
}

const token = 'bench-token';
const CRLF = '\r\n';

function changeSetBody(boundary: string, names: string[]): string {
  const cs = `changeset_${randomUUID()}`;
  const parts = names.map((name, i) =>
    [
      `--${cs}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${i + 1}`,
      '',
      `PATCH accounts(${randomUUID()}) HTTP/1.1`,
      'Content-Type: application/json',
      'If-None-Match: *',
      '',
      JSON.stringify({
        name,
        emailaddress1: `${name.replace(/\s+/g, '.').toLowerCase()}@example.com`,
        address1_city: 'Seattle',
        creditlimit: (i * 37) % 50_000,
      }),
    ].join(CRLF),
  );
  return [
    `--${boundary}`,
    `Content-Type: multipart/mixed; boundary=${cs}`,
    '',
    ...parts,
    `--${cs}--`,
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

/**
 * Measures the Dataverse mock over HTTP on loopback (port 0, nothing else reachable): creates/s
 * through `$batch` change sets of up to 1000 guarded creates (each committed in one transaction),
 * reads/s paging the collection with `Prefer: odata.maxpagesize`, and single GETs per second.
 */
export async function benchCrm(options: CrmBenchOptions = {}): Promise<CrmBenchResult> {
  const records = options.records ?? 5000;
  const batchSize = Math.min(1000, Math.max(1, options.batchSize ?? 1000));
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const pageSize = options.pageSize ?? 5000;
  const singleReads = options.singleReads ?? 500;
  const running = await startMockCrm({ port: 0, host: '127.0.0.1', token });
  const api = `${running.url}/api/data/v9.2`;
  const auth = { authorization: `Bearer ${token}` };
  try {
    const batches: string[][] = [];
    for (let i = 0; i < records; i += batchSize) {
      batches.push(
        Array.from(
          { length: Math.min(batchSize, records - i) },
          (_, k) => `Bench Account ${i + k}`,
        ),
      );
    }
    const createStart = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const names = batches[next++] ?? [];
        const boundary = `batch_${randomUUID()}`;
        const res = await fetch(`${api}/$batch`, {
          method: 'POST',
          headers: { ...auth, 'content-type': `multipart/mixed; boundary=${boundary}` },
          body: changeSetBody(boundary, names),
        });
        const text = await res.text();
        const created = text.match(/HTTP\/1\.1 204/g)?.length ?? 0;
        if (res.status !== 200 || created !== names.length) {
          throw new Error(`bench batch failed: ${res.status} ${text.slice(0, 300)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const createMs = performance.now() - createStart;

    const readStart = performance.now();
    let url: string | undefined = `${api}/accounts?$select=name,emailaddress1,creditlimit`;
    let read = 0;
    let pages = 0;
    const ids: string[] = [];
    // Bounded: at most records / pageSize + 1 pages can exist.
    while (url !== undefined && pages <= Math.ceil(records / pageSize) + 1) {
      const res = await fetch(url, {
        headers: { ...auth, Prefer: `odata.maxpagesize=${pageSize}` },
      });
      const body = (await res.json()) as {
        value: { accountid: string }[];
        '@odata.nextLink'?: string;
      };
      read += body.value.length;
      for (const r of body.value) if (ids.length < singleReads) ids.push(r.accountid);
      pages++;
      url = body['@odata.nextLink'];
    }
    const readMs = performance.now() - readStart;
    if (read !== records) throw new Error(`bench read ${read} records, expected ${records}`);

    const singleStart = performance.now();
    for (const id of ids) {
      const res = await fetch(`${api}/accounts(${id})?$select=name`, { headers: auth });
      if (res.status !== 200) throw new Error(`bench GET failed: ${res.status}`);
      await res.arrayBuffer();
    }
    const singleMs = performance.now() - singleStart;
    return {
      records,
      batches: batches.length,
      createsPerSecond: Math.round((records / createMs) * 1000),
      createMs: Math.round(createMs),
      readsPerSecond: Math.round((read / readMs) * 1000),
      readMs: Math.round(readMs),
      pages,
      singleReadsPerSecond: ids.length === 0 ? 0 : Math.round((ids.length / singleMs) * 1000),
    };
  } finally {
    await running.close();
  }
}

// `npx tsx apps/mock-crm/bench/throughput.ts [records]` prints one run.
if (import.meta.url === `file://${process.argv[1]}`) {
  const records = Number(process.argv[2] ?? 5000);
  if (!Number.isSafeInteger(records) || records < 1 || records > 1_000_000) {
    console.error('usage: npx tsx apps/mock-crm/bench/throughput.ts [records 1..1000000]');
    process.exit(1);
  }
  console.table(await benchCrm({ records }));
}
