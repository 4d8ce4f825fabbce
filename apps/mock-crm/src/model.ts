import {
  createModel,
  validateBody,
  type ColumnDef,
  type EntitySetDef,
  type ValidatedBody,
} from '@twinsync/odata-kit';

/** The Dataverse Web API version the mock imitates and its service root path. */
export const apiVersion = 'v9.2';
export const apiRoot = `/api/data/${apiVersion}`;
export const namespace = 'Microsoft.Dynamics.CRM';

/** Columns every table has: the row version and the two timestamps, all server-owned. */
const system: Record<string, ColumnDef> = {
  versionnumber: { type: 'bigint', serverOwned: 'ignore' },
  createdon: { type: 'datetime', serverOwned: 'ignore' },
  modifiedon: { type: 'datetime', serverOwned: 'ignore' },
};

/** statecode/statuscode of accounts and contacts: 0 Active / 1 Inactive. */
const state: Record<string, ColumnDef> = {
  statecode: { type: 'int', values: [0, 1] },
  statuscode: { type: 'int', values: [1, 2] },
};

export const accounts: EntitySetDef = {
  name: 'accounts',
  entityType: 'account',
  key: 'accountid',
  versionColumn: 'versionnumber',
  columns: {
    accountid: { type: 'guid' },
    name: { type: 'string', maxLength: 160 },
    accountnumber: { type: 'string', maxLength: 20 },
    telephone1: { type: 'string', maxLength: 50 },
    emailaddress1: { type: 'string', maxLength: 100 },
    websiteurl: { type: 'string', maxLength: 200 },
    address1_line1: { type: 'string', maxLength: 250 },
    address1_city: { type: 'string', maxLength: 80 },
    address1_postalcode: { type: 'string', maxLength: 20 },
    address1_country: { type: 'string', maxLength: 80 },
    creditlimit: { type: 'decimal', min: 0, max: 100_000_000_000_000 },
    numberofemployees: { type: 'int', min: 0, max: 1_000_000_000 },
    description: { type: 'string', maxLength: 2000 },
    ...state,
    ...system,
  },
  collections: [
    {
      navigation: 'contact_customer_accounts',
      source: 'contacts',
      column: '_parentcustomerid_value',
    },
  ],
};

export const contacts: EntitySetDef = {
  name: 'contacts',
  entityType: 'contact',
  key: 'contactid',
  versionColumn: 'versionnumber',
  columns: {
    contactid: { type: 'guid' },
    firstname: { type: 'string', maxLength: 50 },
    lastname: { type: 'string', maxLength: 50 },
    /** Computed by the service from first and last name. */
    fullname: { type: 'string', maxLength: 160, serverOwned: 'ignore' },
    emailaddress1: { type: 'string', maxLength: 100 },
    telephone1: { type: 'string', maxLength: 50 },
    mobilephone: { type: 'string', maxLength: 50 },
    jobtitle: { type: 'string', maxLength: 100 },
    _parentcustomerid_value: { type: 'guid' },
    ...state,
    ...system,
  },
  lookups: [
    {
      navigation: 'parentcustomerid_account',
      column: '_parentcustomerid_value',
      target: 'accounts',
    },
  ],
};

export const products: EntitySetDef = {
  name: 'products',
  entityType: 'product',
  key: 'productid',
  versionColumn: 'versionnumber',
  columns: {
    productid: { type: 'guid' },
    name: { type: 'string', maxLength: 100 },
    productnumber: { type: 'string', maxLength: 100 },
    description: { type: 'string', maxLength: 2000 },
    price: { type: 'decimal', min: 0, max: 100_000_000_000_000 },
    standardcost: { type: 'decimal', min: 0, max: 100_000_000_000_000 },
    quantitydecimal: { type: 'int', min: 0, max: 5 },
    /** 0 Active, 1 Retired, 2 Draft, 3 Under Revision. */
    statecode: { type: 'int', values: [0, 1, 2, 3] },
    statuscode: { type: 'int', values: [1, 2, 0, 3] },
    ...system,
  },
};

/**
 * The status reasons allowed per state (statecode → statuscodes, the first one the default), as
 * Dataverse pairs them: a state change without a status reason takes the default one.
 */
export const statusReasons: Readonly<Record<string, Readonly<Record<number, readonly number[]>>>> =
  {
    accounts: { 0: [1], 1: [2] },
    contacts: { 0: [1], 1: [2] },
    products: { 0: [1], 1: [2], 2: [0], 3: [3] },
  };

export const entitySets: readonly EntitySetDef[] = [accounts, contacts, products];
export const model = createModel(entitySets);

export function typeNameOf(set: EntitySetDef): string {
  return `${namespace}.${set.entityType}`;
}

/** A JSON body checked against the model as a create or an update of `set`. */
export function validateFor(
  set: EntitySetDef,
  body: Record<string, unknown>,
  mode: 'create' | 'update',
): ValidatedBody {
  return validateBody(set, body, { mode, model, typeName: typeNameOf(set) });
}
