import { guidFrom } from '../domain/guid';
import type { ErpRecord } from '../domain/entity-sets';
import type { Prng } from '@twinsync/odata-kit';
import {
  companyStems,
  companySuffixes,
  firstNames,
  itemAdjectives,
  itemNouns,
  jobTitles,
  lastNames,
  placesByCountry,
  serviceNames,
  streetsByCountry,
} from './sample-data';

/** Pure generators: the same PRNG state always yields the same records. */

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '');
}

function phone(prng: Prng, prefix: string): string {
  return `${prefix} ${prng.int(100, 999)} ${prng.int(1000, 9999)}`;
}

export function generateCustomer(
  prng: Prng,
  number: string,
  country: 'US' | 'SE',
): ErpRecord & { id: string; number: string } {
  const place = prng.pick(placesByCountry[country]);
  const isPerson = prng.chance(0.15);
  const name = isPerson
    ? `${prng.pick(firstNames)} ${prng.pick(lastNames)}`
    : `${prng.pick(companyStems)} ${prng.pick(companySuffixes)}`;
  const domain = `${slug(name)}${prng.int(1, 99)}.example.com`;
  const blockedRoll = prng.next();
  return {
    id: guidFrom(prng.uint32),
    number,
    displayName: name,
    type: isPerson ? 'Person' : 'Company',
    addressLine1:
      country === 'US'
        ? `${prng.int(1, 999)} ${prng.pick(streetsByCountry.US)}`
        : `${prng.pick(streetsByCountry.SE)} ${prng.int(1, 99)}`,
    addressLine2: prng.chance(0.2) ? `Suite ${prng.int(100, 999)}` : '',
    city: place.city,
    state: place.state,
    country,
    postalCode: place.postalCode,
    phoneNumber: phone(prng, place.phonePrefix),
    email: `info@${domain}`,
    website: `www.${domain}`,
    creditLimit: prng.int(0, 50) * 1000,
    blocked:
      blockedRoll < 0.9
        ? ' '
        : blockedRoll < 0.95
          ? 'Ship'
          : blockedRoll < 0.98
            ? 'Invoice'
            : 'All',
    currencyCode: country === 'US' ? '' : prng.chance(0.3) ? 'EUR' : '',
  };
}

export function generateContact(
  prng: Prng,
  number: string,
  customer: ErpRecord,
): ErpRecord & { id: string; number: string } {
  const first = prng.pick(firstNames);
  const last = prng.pick(lastNames);
  const website = String(customer['website'] ?? '');
  const domain = website.replace(/^www\./, '') || 'example.com';
  const prefix = String(customer['phoneNumber'] ?? '+1 000')
    .split(' ')
    .slice(0, 2)
    .join(' ');
  return {
    id: guidFrom(prng.uint32),
    number,
    type: 'Person',
    displayName: `${first} ${last}`,
    jobTitle: prng.pick(jobTitles),
    companyNumber: String(customer['number']),
    companyName: String(customer['displayName']),
    addressLine1: String(customer['addressLine1'] ?? ''),
    city: String(customer['city'] ?? ''),
    country: String(customer['country'] ?? ''),
    postalCode: String(customer['postalCode'] ?? ''),
    phoneNumber: phone(prng, prefix),
    mobilePhoneNumber: prng.chance(0.7) ? phone(prng, prefix) : '',
    email: `${slug(first)}.${slug(last)}@${domain}`,
  };
}

export function generateItem(
  prng: Prng,
  number: string,
): ErpRecord & { id: string; number: string } {
  const isService = prng.chance(0.15);
  const cost = prng.int(5, 2000) + prng.int(0, 99) / 100;
  const price = Math.round(cost * (1.2 + prng.next()) * 100) / 100;
  return {
    id: guidFrom(prng.uint32),
    number,
    displayName: isService
      ? prng.pick(serviceNames)
      : `${prng.pick(itemAdjectives)} ${prng.pick(itemNouns)}`,
    type: isService ? 'Service' : prng.chance(0.9) ? 'Inventory' : 'Non-Inventory',
    blocked: prng.chance(0.03),
    baseUnitOfMeasureCode: isService ? 'HOUR' : 'PCS',
    unitPrice: price,
    unitCost: cost,
    inventory: isService ? 0 : prng.int(0, 500),
  };
}
