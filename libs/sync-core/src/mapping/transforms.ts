import type { FieldValue } from '../values/field-value';
import type { RawRecord, Transformation } from './types';

/** ERP customers: `blocked` is ' ' (not blocked), 'Ship', 'Invoice' or 'All' → active flag. */
export const activeFromBlockedEnum: Transformation = {
  read: (raw) => {
    const v = raw['blocked'];
    return v === undefined || v === null || v === '' || v === ' ';
  },
  write: (value) => ({ blocked: value === false ? 'All' : ' ' }),
};

/** ERP items: `blocked` true/false → active flag. */
export const activeFromBlockedFlag: Transformation = {
  read: (raw) => raw['blocked'] !== true,
  write: (value) => ({ blocked: value === false }),
};

/** Dataverse: `statecode` 0 (Active) / 1 (Inactive) → active flag. */
export const activeFromStateCode: Transformation = {
  read: (raw) => {
    const v = raw['statecode'];
    return v === 0 || v === null || v === undefined;
  },
  write: (value) => ({ statecode: value === false ? 1 : 0 }),
};

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** Dataverse contacts: `fullname` is computed from `firstname` and `lastname`. */
export const fullNameFromParts: Transformation = {
  read: (raw: RawRecord) => {
    const full = text(raw['fullname']);
    if (full !== '') return full;
    return [text(raw['firstname']), text(raw['lastname'])].filter((p) => p !== '').join(' ');
  },
  write: (value: FieldValue) => {
    const full = typeof value === 'string' ? value.trim() : '';
    const space = full.lastIndexOf(' ');
    return space > 0
      ? { firstname: full.slice(0, space), lastname: full.slice(space + 1) }
      : { firstname: null, lastname: full === '' ? null : full };
  },
};

/**
 * Dataverse contacts: the parent account lookup, canonically the account's number (the ERP
 * customer number a contact's `companyNumber` holds). Read from `$expand`ed
 * `parentcustomerid_account/accountnumber`, or through the lookup resolver from
 * `_parentcustomerid_value`; unknown otherwise. Written as `parentcustomerid_account@odata.bind`
 * when the resolver knows the account's id (nothing is written when it does not).
 */
export const parentAccountByNumber: Transformation = {
  read: (raw, context) => {
    const expanded = raw['parentcustomerid_account'];
    if (expanded !== null && typeof expanded === 'object') {
      const n = (expanded as Record<string, unknown>)['accountnumber'];
      return typeof n === 'string' ? n : null;
    }
    if (!Object.hasOwn(raw, '_parentcustomerid_value')) return undefined;
    const id = raw['_parentcustomerid_value'];
    if (id === null) return null;
    if (typeof id !== 'string' || !context.lookup) return undefined;
    return context.lookup.valueOf('crm', 'accounts', 'accountnumber', id) ?? undefined;
  },
  write: (value, context) => {
    if (value === null) return { 'parentcustomerid_account@odata.bind': null };
    const id = context.lookup?.keyOf('crm', 'accounts', 'accountnumber', String(value)) ?? null;
    return id === null ? {} : { 'parentcustomerid_account@odata.bind': `/accounts(${id})` };
  },
};
