import { startMockErp } from '@twinsync/mock-erp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from './http';

describe('defects found by the chaos suite stay fixed', () => {
  let erp: Awaited<ReturnType<typeof startMockErp>>;
  beforeAll(async () => {
    erp = await startMockErp({ port: 0, token: 't' });
  });
  afterAll(() => erp.close());

  // Defect erp-service-root-any-method (apps/mock-erp, src/http/api-routes.ts), fixed: the service
  // document and $metadata answered any method with 200; a write method there must be 405.
  it('mock-erp refuses DELETE and POST on the service document and $metadata with 405', async () => {
    for (const path of ['/api/v2.0/', '/api/v2.0/$metadata']) {
      for (const method of ['POST', 'DELETE']) {
        const reply = await sendRaw(erp.url, {
          method,
          path,
          headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: '{}' } : {}),
        });
        expect(reply.status, `${method} ${path}`).toBe(405);
      }
    }
  });
});
