import { describe, expect, it } from 'vitest';
import { rawFieldOf, toCanonical, toRaw } from './convert';
import { contactsToContacts, customersToAccounts, itemsToProducts } from './standard-mappings';
import type { LookupResolver } from './types';

describe('reading raw records into canonical values', () => {
  it('an ERP customer and its CRM account with the same data have equal canonical values', () => {
    const erp = toCanonical(customersToAccounts, 'erp', {
      id: 'e1',
      number: 'c00010 ',
      displayName: 'Contoso',
      phoneNumber: '',
      email: 'info@contoso.example',
      creditLimit: 5000,
      blocked: ' ',
      country: 'us',
    });
    const crm = toCanonical(customersToAccounts, 'crm', {
      accountid: 'a1',
      accountnumber: 'C00010',
      name: ' Contoso ',
      telephone1: null,
      emailaddress1: 'info@contoso.example',
      creditlimit: 5000,
      statecode: 0,
      address1_country: 'US',
    });
    expect(erp).toEqual(crm);
    expect(erp).toMatchObject({ number: 'C00010', name: 'Contoso', phone: null, active: true });
  });

  it('unknown raw properties are ignored, not copied and not a crash', () => {
    const values = toCanonical(itemsToProducts, 'erp', {
      number: '1000',
      displayName: 'Bicycle',
      somethingNew: { nested: true },
      '@odata.etag': 'W/"1"',
    });
    expect(Object.keys(values).sort()).toEqual(
      ['active', 'name', 'number', 'unitCost', 'unitPrice'].sort(),
    );
  });

  it('a blocked ERP customer and an inactive CRM account are both not active', () => {
    expect(toCanonical(customersToAccounts, 'erp', { blocked: 'All' })['active']).toBe(false);
    expect(toCanonical(customersToAccounts, 'crm', { statecode: 1 })['active']).toBe(false);
    expect(toCanonical(itemsToProducts, 'erp', { blocked: true })['active']).toBe(false);
  });

  it('a CRM contact name comes from fullname, or from first and last name', () => {
    expect(toCanonical(contactsToContacts, 'crm', { fullname: 'Ann Lee' })['name']).toBe('Ann Lee');
    expect(
      toCanonical(contactsToContacts, 'crm', { firstname: 'Ann', lastname: 'Lee' })['name'],
    ).toBe('Ann Lee');
  });

  it('the parent account is unknown unless expanded or resolvable, and null when cleared', () => {
    const read = (raw: Record<string, unknown>, lookup?: LookupResolver) =>
      toCanonical(contactsToContacts, 'crm', raw, { lookup });
    expect('companyNumber' in read({ fullname: 'A B' })).toBe(false);
    expect('companyNumber' in read({ _parentcustomerid_value: 'a1' })).toBe(false);
    expect(read({ _parentcustomerid_value: null })['companyNumber']).toBeNull();
    expect(read({ parentcustomerid_account: { accountnumber: 'c00010' } })['companyNumber']).toBe(
      'C00010',
    );
    const lookup: LookupResolver = {
      keyOf: () => null,
      valueOf: (_s, entity, field, key) =>
        entity === 'accounts' && field === 'accountnumber' && key === 'a1' ? 'C00020' : null,
    };
    expect(read({ _parentcustomerid_value: 'a1' }, lookup)['companyNumber']).toBe('C00020');
  });
});

describe('writing canonical values as raw properties', () => {
  it('a create body for the ERP carries the constants and empty text as empty strings', () => {
    const body = toRaw(
      customersToAccounts,
      'erp',
      { number: 'FAB-1', name: 'Fabrikam', phone: null, active: false },
      { forCreate: true },
    );
    expect(body).toEqual({
      type: 'Company',
      number: 'FAB-1',
      displayName: 'Fabrikam',
      phoneNumber: '',
      blocked: 'All',
    });
  });

  it('an update patch holds only the given fields and no constants', () => {
    expect(
      toRaw(customersToAccounts, 'crm', { phone: null, active: false }, { forCreate: false }),
    ).toEqual({ telephone1: null, statecode: 1 });
  });

  it('a field that flows only to the CRM is never written to the ERP', () => {
    expect(
      toRaw(
        contactsToContacts,
        'erp',
        { companyNumber: 'C1', jobTitle: 'CEO' },
        { forCreate: false },
      ),
    ).toEqual({ jobTitle: 'CEO' });
  });

  it('a contact name is split into first and last name for the CRM', () => {
    expect(
      toRaw(contactsToContacts, 'crm', { name: 'Mary Ann Lee' }, { forCreate: false }),
    ).toEqual({ firstname: 'Mary Ann', lastname: 'Lee' });
  });

  it('the parent account is bound by id when the resolver knows it, and left out otherwise', () => {
    const lookup: LookupResolver = {
      keyOf: (_s, _e, _f, value) => (value === 'C00010' ? 'guid-1' : null),
      valueOf: () => null,
    };
    const write = (companyNumber: string | null, withLookup: boolean) =>
      toRaw(
        contactsToContacts,
        'crm',
        { companyNumber },
        {
          forCreate: false,
          context: withLookup ? { lookup } : {},
        },
      );
    expect(write('C00010', true)).toEqual({
      'parentcustomerid_account@odata.bind': '/accounts(guid-1)',
    });
    expect(write('C00010', false)).toEqual({});
    expect(write(null, false)).toEqual({ 'parentcustomerid_account@odata.bind': null });
  });

  it('a clear-on-failure value that fails its rules is written empty', () => {
    expect(
      toRaw(customersToAccounts, 'erp', { website: 'not a url' }, { forCreate: false }),
    ).toEqual({ website: '' });
    expect(
      toRaw(
        customersToAccounts,
        'erp',
        { website: 'https://contoso.example' },
        { forCreate: false },
      ),
    ).toEqual({ website: 'https://contoso.example' });
  });

  it('names the raw property of a canonical field on each side', () => {
    expect(rawFieldOf(customersToAccounts, 'crm', 'number')).toBe('accountnumber');
    expect(rawFieldOf(itemsToProducts, 'erp', 'number')).toBe('number');
    expect(rawFieldOf(itemsToProducts, 'erp', 'nope')).toBeNull();
  });
});
