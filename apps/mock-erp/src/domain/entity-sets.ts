/**
 * The BC API v2.0 entity sets the mock serves, described field by field. The same descriptions
 * drive the SQL schema, body validation, `$select`/`$filter` checks and the seed.
 */
export type EntitySetName = 'customers' | 'contacts' | 'items';

export const entitySetNames: readonly EntitySetName[] = ['customers', 'contacts', 'items'];

export type FieldSpec =
  | { kind: 'guid'; serverOwned: true }
  | { kind: 'datetime'; serverOwned: true }
  | { kind: 'string'; maxLength: number; format?: 'email' | 'url'; default: string }
  | { kind: 'code'; maxLength: number; default: string; serverDefault?: 'numberSeries' }
  | { kind: 'enum'; values: readonly string[]; default: string }
  | { kind: 'decimal'; min?: number; default: number }
  | { kind: 'boolean'; default: boolean };

export interface EntitySetSpec {
  readonly name: EntitySetName;
  /** BC table name used in error messages ("The Customer does not exist."). */
  readonly tableName: string;
  /** OData entity type name (Microsoft.NAV.<typeName>). */
  readonly typeName: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly numberSeries: {
    readonly prefix: string;
    readonly digits: number;
    readonly start: number;
    readonly step: number;
  };
}

const id: FieldSpec = { kind: 'guid', serverOwned: true };
const lastModifiedDateTime: FieldSpec = { kind: 'datetime', serverOwned: true };
const text = (maxLength: number, format?: 'email' | 'url'): FieldSpec =>
  format
    ? { kind: 'string', maxLength, format, default: '' }
    : { kind: 'string', maxLength, default: '' };
const code = (maxLength: number, dflt = ''): FieldSpec => ({
  kind: 'code',
  maxLength,
  default: dflt,
});

export const customersSpec: EntitySetSpec = {
  name: 'customers',
  tableName: 'Customer',
  typeName: 'customer',
  numberSeries: { prefix: 'C', digits: 5, start: 10, step: 10 },
  fields: {
    id,
    number: { kind: 'code', maxLength: 20, default: '', serverDefault: 'numberSeries' },
    displayName: text(100),
    type: { kind: 'enum', values: ['Company', 'Person'], default: 'Company' },
    addressLine1: text(100),
    addressLine2: text(50),
    city: text(30),
    state: text(30),
    country: code(10),
    postalCode: code(20),
    phoneNumber: text(30),
    email: text(80, 'email'),
    website: text(80, 'url'),
    creditLimit: { kind: 'decimal', min: 0, default: 0 },
    blocked: { kind: 'enum', values: [' ', 'Ship', 'Invoice', 'All'], default: ' ' },
    currencyCode: code(10),
    lastModifiedDateTime,
  },
};

export const contactsSpec: EntitySetSpec = {
  name: 'contacts',
  tableName: 'Contact',
  typeName: 'contact',
  numberSeries: { prefix: 'CT', digits: 6, start: 10, step: 10 },
  fields: {
    id,
    number: { kind: 'code', maxLength: 20, default: '', serverDefault: 'numberSeries' },
    type: { kind: 'enum', values: ['Person', 'Company'], default: 'Person' },
    displayName: text(100),
    jobTitle: text(30),
    companyNumber: code(20),
    companyName: text(100),
    addressLine1: text(100),
    city: text(30),
    country: code(10),
    postalCode: code(20),
    phoneNumber: text(30),
    mobilePhoneNumber: text(30),
    email: text(80, 'email'),
    lastModifiedDateTime,
  },
};

export const itemsSpec: EntitySetSpec = {
  name: 'items',
  tableName: 'Item',
  typeName: 'item',
  numberSeries: { prefix: '', digits: 4, start: 1000, step: 1 },
  fields: {
    id,
    number: { kind: 'code', maxLength: 20, default: '', serverDefault: 'numberSeries' },
    displayName: text(100),
    type: { kind: 'enum', values: ['Inventory', 'Service', 'Non-Inventory'], default: 'Inventory' },
    blocked: { kind: 'boolean', default: false },
    baseUnitOfMeasureCode: code(10, 'PCS'),
    unitPrice: { kind: 'decimal', min: 0, default: 0 },
    unitCost: { kind: 'decimal', min: 0, default: 0 },
    inventory: { kind: 'decimal', default: 0 },
    lastModifiedDateTime,
  },
};

export const entitySets: Readonly<Record<EntitySetName, EntitySetSpec>> = {
  customers: customersSpec,
  contacts: contactsSpec,
  items: itemsSpec,
};

export function isEntitySetName(name: string): name is EntitySetName {
  return (entitySetNames as readonly string[]).includes(name);
}

/** The field named `name`, if the entity type has one (own properties only: never `toString`). */
export function fieldOf(spec: EntitySetSpec, name: string): FieldSpec | undefined {
  return Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
}

/** Field names a client may write (everything except id and lastModifiedDateTime). */
export function writableFields(spec: EntitySetSpec): string[] {
  return Object.entries(spec.fields)
    .filter(([, f]) => !('serverOwned' in f))
    .map(([name]) => name);
}

/** A record as the API returns it (without `@odata.etag`). */
export type ErpRecord = Record<string, string | number | boolean>;
