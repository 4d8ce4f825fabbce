import { describe, expect, it } from 'vitest';
import { BadRequestError, ResourceNotFoundError } from '../errors';
import { parseTarget } from './paths';

const c = '6a5f1b2c-0b1e-4d4e-9a6e-2f0b1c9d7e01';
const r = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('parseTarget', () => {
  it.each([
    ['/api/v2.0/', { kind: 'serviceDocument' }],
    ['/api/v2.0/$batch', { kind: 'batch' }],
    ['/api/v2.0/companies', { kind: 'companies' }],
    [`/api/v2.0/companies(${c})`, { kind: 'company', companyId: c }],
    [
      `/api/v2.0/companies(${c})/items`,
      { kind: 'collection', companyId: c, entitySet: 'items', count: false },
    ],
    [
      `/api/v2.0/companies(${c})/items/$count`,
      { kind: 'collection', companyId: c, entitySet: 'items', count: true },
    ],
    [
      `/api/v2.0/companies(${c})/customers(${r.toUpperCase()})`,
      { kind: 'record', companyId: c, entitySet: 'customers', id: r },
    ],
    [
      `/api/v2.0/contacts(${r})`,
      { kind: 'record', companyId: undefined, entitySet: 'contacts', id: r },
    ],
    ["/api/v2.0/subscriptions('abc')", { kind: 'subscription', id: 'abc' }],
  ])('reads %s', (path, target) => {
    expect(parseTarget(path)).toEqual(target);
  });

  it('answers unknown segments as not found and malformed keys as bad requests', () => {
    expect(() => parseTarget(`/api/v2.0/companies(${c})/vendors`)).toThrow(ResourceNotFoundError);
    expect(() => parseTarget(`/api/v2.0/companies(${c})/items(${r})/picture`)).toThrow(
      ResourceNotFoundError,
    );
    expect(() => parseTarget('/api/v2.0/companies(42)/items')).toThrow(BadRequestError);
  });
});
