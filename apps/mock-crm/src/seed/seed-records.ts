import type { Knex } from 'knex';
import { createPrng, type Prng } from '@twinsync/odata-kit';
import { accounts, contacts, products } from '../model';
import type { Row } from '../store/records';
import {
  companyStems,
  companySuffixes,
  firstNames,
  jobTitles,
  lastNames,
  places,
  productAdjectives,
  productNouns,
  streets,
} from './sample-data';

export interface SeedResult {
  accounts: number;
  contacts: number;
  products: number;
}

/** A version-4-shaped GUID drawn from the generator (deterministic for a seed). */
export function prngGuid(prng: Prng): string {
  const hex = Array.from({ length: 4 }, () => prng.uint32().toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const flushEvery = 1000;

const digits = (prng: Prng, pattern: string) => pattern.replace(/#/g, () => String(prng.int(0, 9)));
const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '');

/**
 * Inserts `count` accounts (each with 0–3 contacts) and `count` products in ONE transaction. The
 * same (count, seed) on a fresh mock gives the same ids, values and versions. Numbers continue
 * after what is stored, so a second seed adds records instead of clashing.
 */
export async function seedRecords(
  db: Knex,
  count: number,
  seed: number,
  stamp: { now: () => string; nextVersion: () => number },
): Promise<SeedResult> {
  return db.transaction(async (trx) => {
    const existingAccounts = Number(
      ((await trx(accounts.name).count({ n: '*' }).first()) as { n: number } | undefined)?.n ?? 0,
    );
    const existingProducts = Number(
      ((await trx(products.name).count({ n: '*' }).first()) as { n: number } | undefined)?.n ?? 0,
    );
    // A fresh mock draws from `seed` itself; a repeated seed on a filled one draws other ids.
    const prng = createPrng(
      existingAccounts === 0 ? seed : (seed + Math.imul(existingAccounts, 0x9e3779b1)) >>> 0,
    );
    const now = stamp.now();
    const system = () => ({ versionnumber: stamp.nextVersion(), createdon: now, modifiedon: now });
    let accountRows: Row[] = [];
    let contactRows: Row[] = [];
    let productRows: Row[] = [];
    const totals: SeedResult = { accounts: 0, contacts: 0, products: 0 };
    // SQLite allows 999 bound variables per statement: insert in small slices.
    const insert = async (table: string, rows: Row[]) => {
      const width = Object.keys(rows[0] ?? { x: 1 }).length;
      if (rows.length > 0) await trx.batchInsert(table, rows, Math.max(1, Math.floor(900 / width)));
    };
    /** Writes what was generated so far, so a large seed never holds every row in memory. */
    const flush = async () => {
      await insert(accounts.name, accountRows);
      await insert(contacts.name, contactRows);
      await insert(products.name, productRows);
      totals.accounts += accountRows.length;
      totals.contacts += contactRows.length;
      totals.products += productRows.length;
      accountRows = [];
      contactRows = [];
      productRows = [];
    };
    for (let i = 0; i < count; i++) {
      if (accountRows.length >= flushEvery) await flush();
      const stem = prng.pick(companyStems);
      const name = `${stem} ${prng.pick(companySuffixes)}`;
      const [city, postal, country] = prng.pick(places);
      const domain = `${slug(stem)}.example`;
      const accountid = prngGuid(prng);
      const inactive = prng.chance(0.05);
      accountRows.push({
        accountid,
        name,
        accountnumber: `A${String(existingAccounts + i + 1).padStart(6, '0')}`,
        telephone1: `+1 555 ${digits(prng, '####')}`,
        emailaddress1: `info@${domain}`,
        websiteurl: `https://www.${domain}`,
        address1_line1: `${prng.int(1, 250)} ${prng.pick(streets)}`,
        address1_city: city,
        address1_postalcode: digits(prng, postal),
        address1_country: country,
        creditlimit: prng.int(0, 100) * 1000,
        numberofemployees: prng.int(1, 5000),
        description: null,
        statecode: inactive ? 1 : 0,
        statuscode: inactive ? 2 : 1,
        ...system(),
      });
      const people = prng.int(0, 3);
      for (let k = 0; k < people; k++) {
        const firstname = prng.pick(firstNames);
        const lastname = prng.pick(lastNames);
        contactRows.push({
          contactid: prngGuid(prng),
          firstname,
          lastname,
          fullname: `${firstname} ${lastname}`,
          emailaddress1: `${slug(firstname)}.${slug(lastname)}${prng.int(1, 99)}@${domain}`,
          telephone1: `+1 555 ${digits(prng, '####')}`,
          mobilephone: prng.chance(0.6) ? `+1 555 ${digits(prng, '####')}` : null,
          jobtitle: prng.pick(jobTitles),
          _parentcustomerid_value: accountid,
          statecode: 0,
          statuscode: 1,
          ...system(),
        });
      }
    }
    for (let i = 0; i < count; i++) {
      if (productRows.length >= flushEvery) await flush();
      const price = prng.int(5, 2000) + prng.int(0, 99) / 100;
      const retired = prng.chance(0.05);
      productRows.push({
        productid: prngGuid(prng),
        name: `${prng.pick(productAdjectives)} ${prng.pick(productNouns)}`,
        productnumber: `P${String(existingProducts + i + 1).padStart(6, '0')}`,
        description: null,
        price,
        standardcost: Math.round(price * (0.4 + prng.next() * 0.3) * 100) / 100,
        quantitydecimal: 2,
        statecode: retired ? 1 : 0,
        statuscode: retired ? 2 : 1,
        ...system(),
      });
    }
    await flush();
    return totals;
  });
}
