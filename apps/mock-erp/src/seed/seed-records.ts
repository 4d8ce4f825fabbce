import type { Knex } from 'knex';
import { contactsSpec, customersSpec, itemsSpec } from '../domain/entity-sets';
import type { NumberSeries } from '../repositories/number-series';
import { insertRecords, type RecordRow } from '../repositories/records';
import { defaultCompanies } from '../repositories/companies';
import { CompanyNotFoundError } from '../errors';
import { generateContact, generateCustomer, generateItem } from './generate';
import { createPrng } from '@twinsync/odata-kit';

export interface SeedOptions {
  /** Number of customers, and of items; each customer gets 0–3 person contacts. */
  count: number;
  seed: number;
  companyId?: string;
}

export interface SeedResult {
  companyId: string;
  customers: number;
  contacts: number;
  items: number;
}

/**
 * Inserts deterministic records in one transaction: the same (count, seed) on a fresh mock always
 * yields the same ids, numbers and values. Seeding writes no webhooks (it is not a user change).
 */
export async function seedRecords(
  db: Knex,
  options: SeedOptions,
  stamp: { now: string; nextVersion: () => number; series: NumberSeries },
): Promise<SeedResult> {
  const companyId = options.companyId ?? defaultCompanies[0].id;
  return db.transaction(async (trx) => {
    const company = await trx<{ id: string; name: string }>('companies')
      .where({ id: companyId })
      .first();
    if (!company) throw new CompanyNotFoundError(companyId);
    const country = company.name.includes('Sweden') ? 'SE' : 'US';
    const prng = createPrng(options.seed);
    const row = (
      r: Record<string, string | number | boolean> & { id: string; number: string },
    ): RecordRow => ({
      ...r,
      companyId,
      lastModifiedDateTime: stamp.now,
      version: stamp.nextVersion(),
    });

    const customerNumbers = await stamp.series.drawMany(
      trx,
      customersSpec,
      companyId,
      options.count,
    );
    const customers = customerNumbers.map((n) => row(generateCustomer(prng, n, country)));
    const contactCounts = customers.map(() => prng.int(0, 3));
    const total = contactCounts.reduce((a, b) => a + b, 0);
    const contactNumbers = await stamp.series.drawMany(trx, contactsSpec, companyId, total);
    const contacts: RecordRow[] = [];
    customers.forEach((customer, i) => {
      for (let k = 0; k < (contactCounts[i] ?? 0); k++) {
        const number = contactNumbers[contacts.length];
        if (number === undefined) throw new Error('contact number series exhausted');
        contacts.push(row(generateContact(prng, number, customer)));
      }
    });
    const itemNumbers = await stamp.series.drawMany(trx, itemsSpec, companyId, options.count);
    const items = itemNumbers.map((n) => row(generateItem(prng, n)));

    await insertRecords(trx, customersSpec, customers);
    await insertRecords(trx, contactsSpec, contacts);
    await insertRecords(trx, itemsSpec, items);
    return {
      companyId,
      customers: customers.length,
      contacts: contacts.length,
      items: items.length,
    };
  });
}
