import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadRequestError, FieldValidationError, StringExceededLengthError } from '../errors';
import { customersSpec, itemsSpec } from './entity-sets';
import { validateBody } from './validation';

describe('validateBody', () => {
  it('keeps known fields, upper-cases code fields and ignores @odata annotations', () => {
    const values = validateBody(
      customersSpec,
      { '@odata.etag': 'W/"x"', displayName: 'A', country: 'us', blocked: 'ship' },
      'create',
    );
    expect(values).toEqual({ displayName: 'A', country: 'US', blocked: 'Ship' });
  });

  it('refuses any property the entity type does not have', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1 })
          .filter(
            (k) => !(k in customersSpec.fields) && !k.startsWith('@odata.') && k !== '__proto__',
          ),
        (key) => {
          expect(() => validateBody(customersSpec, { [key]: 'x' }, 'create')).toThrow(
            BadRequestError,
          );
        },
      ),
    );
  });

  it('accepts every non-negative credit limit and refuses every negative one', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        if (n >= 0)
          expect(
            validateBody(customersSpec, { creditLimit: n }, 'update', 'id')['creditLimit'],
          ).toBe(n);
        else
          expect(() => validateBody(customersSpec, { creditLimit: n }, 'update', 'id')).toThrow(
            FieldValidationError,
          );
      }),
    );
  });

  it('refuses strings longer than the field allows', () => {
    expect(() => validateBody(itemsSpec, { displayName: 'x'.repeat(101) }, 'create')).toThrow(
      StringExceededLengthError,
    );
    expect(
      validateBody(itemsSpec, { displayName: 'x'.repeat(100) }, 'create')['displayName'],
    ).toHaveLength(100);
  });

  it.each([
    [{ email: 'no-at-sign' }, FieldValidationError],
    [{ blocked: 'Maybe' }, FieldValidationError],
    [{ creditLimit: '10' }, BadRequestError],
    [{ lastModifiedDateTime: '2020-01-01T00:00:00Z' }, BadRequestError],
    [{ id: 'not-a-guid' }, BadRequestError],
    [{ constructor: 'x' }, BadRequestError],
    [{ toString: 1 }, BadRequestError],
  ])('refuses %j', (body, error) => {
    expect(() => validateBody(customersSpec, body, 'create')).toThrow(error);
  });

  it('accepts a client-chosen GUID id on create but not a different id on update', () => {
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    expect(validateBody(customersSpec, { id: id.toUpperCase() }, 'create')['id']).toBe(id);
    expect(() => validateBody(customersSpec, { id }, 'update', 'another')).toThrow(BadRequestError);
    expect(validateBody(customersSpec, { id }, 'update', id)).toEqual({});
  });
});
