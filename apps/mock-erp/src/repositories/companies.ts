import type { Db } from './records';

export interface Company {
  id: string;
  systemVersion: string;
  timestamp: number;
  name: string;
  displayName: string;
  businessProfileId: string;
  systemCreatedAt: string;
  systemModifiedAt: string;
}

interface CompanyRow {
  id: string;
  name: string;
  displayName: string;
  businessProfileId: string;
  systemVersion: number;
  lastModifiedDateTime: string;
}

/**
 * The companies every fresh mock has (fixed ids so tests and demos can name them). Listed by id, so
 * CRONUS USA — where `/_mock/seed` puts records by default — comes first for clients that pick the
 * first company.
 */
export const defaultCompanies = [
  {
    id: '6a5f1b2c-0b1e-4d4e-9a6e-2f0b1c9d7e01',
    name: 'CRONUS USA, Inc.',
    displayName: 'CRONUS USA, Inc.',
  },
  {
    id: '8c2d4e6f-1a3b-4c5d-8e9f-0a1b2c3d4e02',
    name: 'CRONUS Sweden AB',
    displayName: 'CRONUS Sweden AB',
  },
] as const;

export async function ensureDefaultCompanies(db: Db, now: string): Promise<void> {
  for (const c of defaultCompanies) {
    await db('companies')
      .insert({ ...c, businessProfileId: '', systemVersion: 1, lastModifiedDateTime: now })
      .onConflict('id')
      .ignore();
  }
}

function toCompany(row: CompanyRow): Company {
  return {
    id: row.id,
    systemVersion: String(row.systemVersion),
    timestamp: row.systemVersion,
    name: row.name,
    displayName: row.displayName,
    businessProfileId: row.businessProfileId,
    systemCreatedAt: row.lastModifiedDateTime,
    systemModifiedAt: row.lastModifiedDateTime,
  };
}

export async function listCompanies(db: Db): Promise<Company[]> {
  const rows = (await db('companies').orderBy('id')) as CompanyRow[];
  return rows.map(toCompany);
}

export async function findCompany(db: Db, id: string): Promise<Company | undefined> {
  const row = (await db('companies').where({ id }).first()) as CompanyRow | undefined;
  return row ? toCompany(row) : undefined;
}
