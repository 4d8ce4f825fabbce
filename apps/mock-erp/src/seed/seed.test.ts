import { afterEach, describe, expect, it } from 'vitest';
import { createMockErp, type MockErp } from '../create-mock-erp';
import { apiClient, manualClock, sweden, usa } from '../testing/api-client';

describe('the deterministic seed', () => {
  let app: MockErp;
  afterEach(() => app.close());

  it('creates customers with realistic fields, items, and contacts that work for a seeded customer', async () => {
    app = await createMockErp({ clock: manualClock().now });
    const result = await app.controls.seed(20, 1);
    expect(result).toMatchObject({ companyId: usa, customers: 20, items: 20 });
    expect(result.contacts).toBeGreaterThan(0);
    const client = apiClient(app);
    const customers = (await client.get(`companies(${usa})/customers`)).body.value as Record<
      string,
      unknown
    >[];
    const numbers = new Set(customers.map((c) => c['number']));
    for (const c of customers) {
      expect(c['number']).toMatch(/^C\d{5}$/);
      expect(c['email']).toMatch(/@/);
      expect(c['country']).toBe('US');
    }
    const contacts = (await client.get(`companies(${usa})/contacts`)).body.value as Record<
      string,
      unknown
    >[];
    for (const contact of contacts) expect(numbers.has(contact['companyNumber'])).toBe(true);
  });

  it('seeds a Swedish company with Swedish addresses', async () => {
    app = await createMockErp();
    await app.controls.seed(5, 3, sweden);
    const customers = (await apiClient(app).get(`companies(${sweden})/customers`)).body
      .value as Record<string, unknown>[];
    expect(customers.every((c) => c['country'] === 'SE')).toBe(true);
  });

  it('seeding again continues the number series instead of clashing', async () => {
    app = await createMockErp();
    await app.controls.seed(3, 1);
    await app.controls.seed(3, 2);
    const count = await apiClient(app).get(`companies(${usa})/customers/$count`);
    expect(Number(count.body)).toBe(6);
  });

  // How fast seeding is belongs to the benchmarks; this checks that a large seed completes in one go.
  it('seeds 10000 customers with their contacts and items in one go', async () => {
    app = await createMockErp();
    const result = await app.controls.seed(10_000, 9);
    expect(result.customers + result.items).toBe(20_000);
    const count = await apiClient(app).get(`companies(${usa})/customers/$count`);
    expect(Number(count.body)).toBe(10_000);
  }, 60_000);
});
