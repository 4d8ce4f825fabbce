import { defineMapping } from './definition';
import {
  activeFromBlockedEnum,
  activeFromBlockedFlag,
  activeFromStateCode,
  fullNameFromParts,
  parentAccountByNumber,
} from './transforms';
import type { ErrorThresholds, FieldMapping, TableMapping, ValidationRule } from './types';

const thresholds: ErrorThresholds = { maxFailureRate: 0.2, minRecords: 50, maxOpenErrors: 1000 };

const erpMax = (max: number): ValidationRule => ({ kind: 'maxLength', max, side: 'erp' });
const crmMax = (max: number): ValidationRule => ({ kind: 'maxLength', max, side: 'crm' });

/** A plain field: the same value both ways under a raw name per app. */
function field(
  name: string,
  erp: string,
  crm: string,
  type: FieldMapping['type'],
  extra: Partial<FieldMapping> = {},
): FieldMapping {
  return {
    name,
    type,
    direction: 'bidirectional',
    erp: { field: erp },
    crm: { field: crm },
    ...extra,
  };
}

const table = (
  def: Pick<TableMapping, 'id' | 'name' | 'erpEntity' | 'crmEntity' | 'fields' | 'matchFields'> &
    Partial<TableMapping>,
): TableMapping =>
  defineMapping({
    direction: 'bidirectional',
    filters: { erp: [], crm: [] },
    syncOnlyCoupled: false,
    updateConflictPolicy: 'raise-error',
    deletionPolicy: 'raise-error',
    errorThresholds: thresholds,
    numberField: null,
    nameField: 'name',
    constants: { erp: {}, crm: {} },
    ...def,
  });

/** Business Central customers ↔ Dataverse accounts. */
export const customersToAccounts: TableMapping = table({
  id: 'customers',
  name: 'Customers ↔ Accounts',
  erpEntity: 'customers',
  crmEntity: 'accounts',
  numberField: 'number',
  matchFields: ['number'],
  constants: { erp: { type: 'Company' }, crm: {} },
  fields: [
    field('number', 'number', 'accountnumber', 'code', { rules: [erpMax(20), crmMax(20)] }),
    field('name', 'displayName', 'name', 'text', {
      rules: [{ kind: 'required' }, erpMax(100), crmMax(160)],
    }),
    field('phone', 'phoneNumber', 'telephone1', 'text', { rules: [erpMax(30), crmMax(50)] }),
    field('email', 'email', 'emailaddress1', 'email', { rules: [erpMax(80), crmMax(100)] }),
    field('website', 'website', 'websiteurl', 'url', {
      rules: [erpMax(80), crmMax(200)],
      clearOnFailure: true,
    }),
    field('addressLine1', 'addressLine1', 'address1_line1', 'text', { rules: [erpMax(100)] }),
    field('city', 'city', 'address1_city', 'text', { rules: [erpMax(30)] }),
    field('postalCode', 'postalCode', 'address1_postalcode', 'code', { rules: [erpMax(20)] }),
    field('country', 'country', 'address1_country', 'code', { rules: [erpMax(10)] }),
    field('creditLimit', 'creditLimit', 'creditlimit', 'decimal', {
      rules: [{ kind: 'min', min: 0 }],
    }),
    {
      name: 'active',
      type: 'boolean',
      direction: 'bidirectional',
      erp: { field: 'blocked', transform: activeFromBlockedEnum },
      crm: { field: 'statecode', transform: activeFromStateCode },
    },
  ],
});

/** Business Central contacts ↔ Dataverse contacts, with the company ↔ parent account link. */
export const contactsToContacts: TableMapping = table({
  id: 'contacts',
  name: 'Contacts ↔ Contacts',
  erpEntity: 'contacts',
  crmEntity: 'contacts',
  matchFields: ['email'],
  constants: { erp: { type: 'Person' }, crm: {} },
  fields: [
    {
      name: 'name',
      type: 'text',
      direction: 'bidirectional',
      erp: { field: 'displayName' },
      crm: { field: 'fullname', transform: fullNameFromParts },
      rules: [{ kind: 'required' }, erpMax(100)],
    },
    field('email', 'email', 'emailaddress1', 'email', { rules: [erpMax(80), crmMax(100)] }),
    field('phone', 'phoneNumber', 'telephone1', 'text', { rules: [erpMax(30), crmMax(50)] }),
    field('mobile', 'mobilePhoneNumber', 'mobilephone', 'text', { rules: [erpMax(30)] }),
    field('jobTitle', 'jobTitle', 'jobtitle', 'text', { rules: [erpMax(30)] }),
    {
      // The ERP owns which company a contact belongs to; the CRM gets the account link.
      name: 'companyNumber',
      type: 'code',
      direction: 'erp-to-crm',
      erp: { field: 'companyNumber' },
      crm: { field: 'parentcustomerid_account', transform: parentAccountByNumber },
      rules: [erpMax(20)],
    },
  ],
});

/** Business Central items ↔ Dataverse products. */
export const itemsToProducts: TableMapping = table({
  id: 'items',
  name: 'Items ↔ Products',
  erpEntity: 'items',
  crmEntity: 'products',
  numberField: 'number',
  matchFields: ['number'],
  fields: [
    field('number', 'number', 'productnumber', 'code', { rules: [erpMax(20), crmMax(100)] }),
    field('name', 'displayName', 'name', 'text', {
      rules: [{ kind: 'required' }, erpMax(100), crmMax(100)],
    }),
    field('unitPrice', 'unitPrice', 'price', 'decimal', { rules: [{ kind: 'min', min: 0 }] }),
    field('unitCost', 'unitCost', 'standardcost', 'decimal', { rules: [{ kind: 'min', min: 0 }] }),
    {
      name: 'active',
      type: 'boolean',
      direction: 'bidirectional',
      erp: { field: 'blocked', transform: activeFromBlockedFlag },
      crm: { field: 'statecode', transform: activeFromStateCode },
    },
  ],
});

export const standardMappings: readonly TableMapping[] = [
  customersToAccounts,
  contactsToContacts,
  itemsToProducts,
];

/** The raw properties a mapping reads or writes on one side (for `$select` and mock schemas). */
export function rawFieldsOf(mapping: TableMapping, side: 'erp' | 'crm'): string[] {
  return mapping.fields.flatMap((f) => {
    const b = side === 'erp' ? f.erp : f.crm;
    return b ? [b.field] : [];
  });
}
