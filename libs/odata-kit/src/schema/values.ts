import { BadRequestError } from '../errors/odata-errors';
import type { ColumnDef } from './entity-set';
import { isGuid } from './guid';

/** A value as stored in SQL. */
export type StoredValue = string | number | null;

const isoDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Canonical stored text of a date-time: ISO 8601 UTC with milliseconds. */
export function storedDateTime(value: string): string | undefined {
  if (!isoDateTime.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * A JSON body value → its stored form, checked against the column (type, length, range, options).
 * Throws BadRequestError('InvalidType' | 'InvalidValue').
 */
export function toStored(name: string, column: ColumnDef, value: unknown): StoredValue {
  const wrong = (expected: string) =>
    new BadRequestError(
      `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${expected}' of property '${name}'.`,
      'InvalidType',
    );
  if (value === null) {
    if (column.required === true || column.nullable === false) {
      throw new BadRequestError(`The property '${name}' cannot be null.`, 'InvalidValue');
    }
    return null;
  }
  let stored: StoredValue;
  switch (column.type) {
    case 'string': {
      if (typeof value !== 'string') throw wrong('Edm.String');
      const max = column.maxLength ?? 4000;
      if (value.length > max) {
        throw new BadRequestError(
          `The length of property '${name}' is ${value.length}, more than its maximum of ${max}.`,
          'InvalidValue',
        );
      }
      stored = value;
      break;
    }
    case 'guid':
      if (typeof value !== 'string' || !isGuid(value)) throw wrong('Edm.Guid');
      stored = value.toLowerCase();
      break;
    case 'int':
    case 'bigint':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw wrong(column.type === 'int' ? 'Edm.Int32' : 'Edm.Int64');
      }
      if (column.type === 'int' && (value < -2147483648 || value > 2147483647))
        throw wrong('Edm.Int32');
      stored = value;
      break;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('Edm.Decimal');
      stored = value;
      break;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong('Edm.Boolean');
      stored = value ? 1 : 0;
      break;
    case 'datetime': {
      const text = typeof value === 'string' ? storedDateTime(value) : undefined;
      if (text === undefined) throw wrong('Edm.DateTimeOffset');
      stored = text;
      break;
    }
  }
  if (typeof value === 'number') {
    if (column.min !== undefined && value < column.min) {
      throw new BadRequestError(
        `The value ${value} of '${name}' is below its minimum ${column.min}.`,
        'InvalidValue',
      );
    }
    if (column.max !== undefined && value > column.max) {
      throw new BadRequestError(
        `The value ${value} of '${name}' is above its maximum ${column.max}.`,
        'InvalidValue',
      );
    }
  }
  if (column.values !== undefined && !column.values.includes(value as string | number | boolean)) {
    throw new BadRequestError(
      `The value ${JSON.stringify(value)} is not valid for '${name}'; allowed: ${column.values.map((v) => JSON.stringify(v)).join(', ')}.`,
      'InvalidValue',
    );
  }
  return stored;
}

/** A stored value → its JSON form. */
export function fromStored(column: ColumnDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'boolean':
      return value === 1 || value === true || value === '1';
    case 'int':
    case 'bigint':
    case 'decimal':
      return typeof value === 'number' ? value : Number(value);
    case 'guid':
    case 'string':
    case 'datetime':
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
