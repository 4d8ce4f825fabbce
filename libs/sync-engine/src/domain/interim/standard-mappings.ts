import type { Side } from '../../ports';
import type { Canonical, EngineMapping, FieldProblem } from '../model';
import { project, writeField, type FieldSpec } from './field-specs';

/**
 * Interim definitions of the three standard mappings, used until sync-core exports its own
 * (see core-bridge.ts). Canonical names are shared by both sides.
 */
interface MappingDef {
  id: string;
  name: string;
  erpEntity: string;
  crmEntity: string;
  fields: FieldSpec[];
  matchFields: string[];
  numberField: string | null;
  nameField: string;
}

const customers: MappingDef = {
  id: 'customers',
  name: 'Customers ↔ Accounts',
  erpEntity: 'customers',
  crmEntity: 'accounts',
  numberField: 'number',
  nameField: 'name',
  matchFields: ['number'],
  fields: [
    { name: 'number', erp: 'number', crm: 'accountnumber', kind: 'code' },
    { name: 'name', erp: 'displayName', crm: 'name', kind: 'text' },
    { name: 'phone', erp: 'phoneNumber', crm: 'telephone1', kind: 'text' },
    { name: 'email', erp: 'email', crm: 'emailaddress1', kind: 'text' },
    { name: 'website', erp: 'website', crm: 'websiteurl', kind: 'text' },
    { name: 'addressLine1', erp: 'addressLine1', crm: 'address1_line1', kind: 'text' },
    { name: 'city', erp: 'city', crm: 'address1_city', kind: 'text' },
    { name: 'postalCode', erp: 'postalCode', crm: 'address1_postalcode', kind: 'code' },
    { name: 'country', erp: 'country', crm: 'address1_country', kind: 'code' },
    { name: 'creditLimit', erp: 'creditLimit', crm: 'creditlimit', kind: 'number' },
    { name: 'active', erp: 'blocked', crm: 'statecode', kind: 'active-enum' },
  ],
};

const contacts: MappingDef = {
  id: 'contacts',
  name: 'Contacts ↔ Contacts',
  erpEntity: 'contacts',
  crmEntity: 'contacts',
  numberField: null,
  nameField: 'name',
  matchFields: ['email'],
  fields: [
    { name: 'name', erp: 'displayName', crm: 'fullname', kind: 'text' },
    { name: 'email', erp: 'email', crm: 'emailaddress1', kind: 'text' },
    { name: 'phone', erp: 'phoneNumber', crm: 'telephone1', kind: 'text' },
    { name: 'mobile', erp: 'mobilePhoneNumber', crm: 'mobilephone', kind: 'text' },
    { name: 'jobTitle', erp: 'jobTitle', crm: 'jobtitle', kind: 'text' },
  ],
};

const items: MappingDef = {
  id: 'items',
  name: 'Items ↔ Products',
  erpEntity: 'items',
  crmEntity: 'products',
  numberField: 'number',
  nameField: 'name',
  matchFields: ['number'],
  fields: [
    { name: 'number', erp: 'number', crm: 'productnumber', kind: 'code' },
    { name: 'name', erp: 'displayName', crm: 'name', kind: 'text' },
    { name: 'unitPrice', erp: 'unitPrice', crm: 'price', kind: 'number' },
    { name: 'unitCost', erp: 'unitCost', crm: 'standardcost', kind: 'number' },
    { name: 'active', erp: 'blocked', crm: 'statecode', kind: 'active-bool' },
  ],
};

/** CRM contacts carry first/last name; the full name is computed by the service. */
function contactNameToCrm(out: Record<string, unknown>) {
  if (!('fullname' in out)) return;
  const full = typeof out['fullname'] === 'string' ? out['fullname'] : '';
  delete out['fullname'];
  const space = full.lastIndexOf(' ');
  out['firstname'] = space > 0 ? full.slice(0, space) : null;
  out['lastname'] = space > 0 ? full.slice(space + 1) : full;
}

function toEngineMapping(def: MappingDef): EngineMapping {
  const byName = new Map(def.fields.map((f) => [f.name, f]));
  return {
    id: def.id,
    name: def.name,
    erpEntity: def.erpEntity,
    crmEntity: def.crmEntity,
    direction: 'bidirectional',
    updateConflictPolicy: 'raise-error',
    deletionPolicy: 'raise-error',
    createNew: true,
    matchFields: def.matchFields,
    fields: def.fields.map((f) => f.name),
    numberField: def.numberField,
    nameField: def.nameField,
    toCanonical: (side, raw) => project(def.fields, side, raw),
    toRaw(side: Side, values: Canonical) {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        const spec = byName.get(name);
        if (!spec) continue;
        out[side === 'erp' ? spec.erp : spec.crm] = writeField(spec, side, value);
      }
      if (side === 'crm' && def.id === 'contacts') contactNameToCrm(out);
      return out;
    },
    rawField(side, field) {
      const spec = byName.get(field);
      return spec ? (side === 'erp' ? spec.erp : spec.crm) : null;
    },
    validate: (): FieldProblem[] => [],
  };
}

export const interimMappings: readonly EngineMapping[] = [customers, contacts, items].map(
  toEngineMapping,
);
