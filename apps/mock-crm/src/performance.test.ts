import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockCrm, type MockCrm } from './create-mock-crm';

const CRLF = '\r\n';
let app: MockCrm | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function changeSet(bodies: unknown[]): { body: string; type: string } {
  const cs = `changeset_${randomUUID()}`;
  const parts = bodies.map((b, i) =>
    [
      `--${cs}`,
      'Content-Type: application/http',
      `Content-ID: ${i + 1}`,
      '',
      `POST accounts HTTP/1.1`,
      'Content-Type: application/json',
      '',
      JSON.stringify(b),
    ].join(CRLF),
  );
  const boundary = `batch_${randomUUID()}`;
  return {
    type: `multipart/mixed; boundary=${boundary}`,
    body: [
      `--${boundary}`,
      `Content-Type: multipart/mixed; boundary=${cs}`,
      '',
      ...parts,
      `--${cs}--`,
      `--${boundary}--`,
      '',
    ].join(CRLF),
  };
}

async function post(a: MockCrm, batch: { body: string; type: string }) {
  const res = await a.handle(
    new Request('http://crm.test/api/data/v9.2/$batch', {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': batch.type },
      body: batch.body,
    }),
  );
  return { status: res.status, text: await res.text() };
}

const accountCount = async (a: MockCrm) =>
  Number(((await a.db('accounts').count({ n: '*' }).first()) as { n: number }).n);

describe('mock-crm at scale', () => {
  it('commits a $batch change set of 1000 creates in ONE transaction', async () => {
    app = await createMockCrm({ token: 't' });
    const statements: string[] = [];
    app.db.on('query', (q: { sql: string }) => statements.push(q.sql));
    const reply = await post(
      app,
      changeSet(Array.from({ length: 1000 }, (_, i) => ({ name: `Bulk ${i}` }))),
    );
    const during = [...statements];
    expect(reply.status).toBe(200);
    expect(reply.text.match(/HTTP\/1\.1 204/g)).toHaveLength(1000);
    expect(await accountCount(app)).toBe(1000);
    expect(during.filter((s) => /^\s*begin/i.test(s))).toHaveLength(1);
    expect(during.filter((s) => /^\s*commit/i.test(s))).toHaveLength(1);
    // One round trip per create: INSERT … ON CONFLICT DO NOTHING RETURNING, no read before it.
    expect(during.filter((s) => /^\s*insert/i.test(s))).toHaveLength(1000);
    expect(during.filter((s) => /^\s*select/i.test(s))).toHaveLength(0);
  }, 60_000);

  it('keeps nothing of a 1000-create change set whose last request fails', async () => {
    app = await createMockCrm({ token: 't' });
    const bodies: unknown[] = Array.from({ length: 999 }, (_, i) => ({ name: `Bulk ${i}` }));
    bodies.push({ name: 'Broken', creditlimit: 'not a number' });
    const reply = await post(app, changeSet(bodies));
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('HTTP/1.1 400');
    expect(reply.text).not.toContain('HTTP/1.1 204');
    expect(await accountCount(app)).toBe(0);
    expect(app.controls.counters().changes.created).toBe(0);
  }, 60_000);

  it('streams a 5000-record page from SQL chunks of at most 1000 rows, never the whole table', async () => {
    app = await createMockCrm({ token: 't' });
    await app.controls.seed(6000, 3);
    const selects: { sql: string; bindings: unknown[] }[] = [];
    app.db.on('query', (q: { sql: string; bindings: unknown[] }) => {
      if (/^\s*select/i.test(q.sql) && q.sql.includes('`accounts`')) selects.push(q);
    });
    const res = await app.handle(
      new Request('http://crm.test/api/data/v9.2/accounts?$select=name', {
        headers: { authorization: 'Bearer t' },
      }),
    );
    expect(res.status).toBe(200);
    expect(selects).toHaveLength(0); // nothing read before the body is consumed
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let pieces = 0;
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pieces++;
      text += decoder.decode(value, { stream: true });
    }
    const body = JSON.parse(text) as { value: unknown[]; '@odata.nextLink'?: string };
    expect(body.value).toHaveLength(5000);
    expect(body['@odata.nextLink']).toContain('$skiptoken=');
    expect(pieces).toBeGreaterThanOrEqual(5);
    expect(selects).toHaveLength(5);
    for (const q of selects) {
      expect(q.sql).toMatch(/limit \?/i);
      expect(q.bindings[q.bindings.length - 1]).toBe(1001);
    }
  }, 60_000);
});

describe('mock-crm $batch limits', () => {
  it('refuses a $batch body above the size limit with 413 and writes nothing', async () => {
    app = await createMockCrm({ token: 't', maxBatchBytes: 2048 });
    const big = changeSet(Array.from({ length: 40 }, (_, i) => ({ name: `Too big ${i}` })));
    expect(big.body.length).toBeGreaterThan(2048);
    const reply = await post(app, big);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text)).toMatchObject({
      error: { message: expect.stringContaining('2048') },
    });
    expect(await accountCount(app)).toBe(0);
    const small = await post(app, changeSet([{ name: 'Fits' }]));
    expect(small.status).toBe(200);
    expect(await accountCount(app)).toBe(1);
  }, 60_000);
});
