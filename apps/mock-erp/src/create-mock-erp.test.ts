import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockErp, type MockErp } from './create-mock-erp';
import { apiClient, manualClock, usa } from './testing/api-client';

describe('the Business Central mock', () => {
  let app: MockErp;
  let client: ReturnType<typeof apiClient>;
  const clock = manualClock();

  beforeEach(async () => {
    app = await createMockErp({ clock: clock.now });
    client = apiClient(app);
  });
  afterEach(() => app.close());

  it('lists two seeded companies, CRONUS USA (where seeds go) first', async () => {
    const res = await client.get('companies');
    expect(res.status).toBe(200);
    expect((res.body.value as { name: string }[]).map((c) => c.name)).toEqual([
      'CRONUS USA, Inc.',
      'CRONUS Sweden AB',
    ]);
  });

  it('creates a customer with a number from the series and answers 201 with the record', async () => {
    const res = await client.post(`companies(${usa})/customers`, { displayName: 'Adatum' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: 'C00010',
      displayName: 'Adatum',
      blocked: ' ',
      type: 'Company',
    });
    expect(res.body['@odata.etag']).toMatch(/^W\/"/);
    expect(res.body.lastModifiedDateTime).toBe('2025-01-01T00:00:00.000Z');
  });

  it('refuses a PATCH without If-Match with BadRequest_InvalidToken', async () => {
    const created = await client.post(`companies(${usa})/customers`, { displayName: 'A' });
    const res = await client.patch(`companies(${usa})/customers(${created.body.id})`, {
      displayName: 'B',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest_InvalidToken');
  });

  it('seeds the same records for the same seed', async () => {
    await client.control('POST', 'seed', { count: 3, seed: 7 });
    const first = (await client.get(`companies(${usa})/customers`)).body.value;
    await client.control('POST', 'reset');
    await client.control('POST', 'seed', { count: 3, seed: 7 });
    const second = (await client.get(`companies(${usa})/customers`)).body.value;
    expect(second).toEqual(first);
    expect(first).toHaveLength(3);
  });
});
