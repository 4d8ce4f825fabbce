import { BadRequestError, FieldValidationError, StringExceededLengthError } from '../errors';
import { fieldOf, type EntitySetSpec, type ErpRecord, type FieldSpec } from './entity-sets';
import { isGuid } from './guid';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const urlPattern = /^(https?:\/\/)?[^\s/.]+(\.[^\s/.]+)+(\/\S*)?$/i;

export type BodyMode = 'create' | 'update';

/**
 * Checks a JSON body against an entity set and returns the values to write.
 * - `@odata.*` annotations are ignored (clients often echo `@odata.etag`);
 * - unknown properties → 400 BadRequest;
 * - `lastModifiedDateTime` is server-owned → 400; `id` may be given on create only (BC lets an
 *   insert choose its SystemId) and must equal the key on update;
 * - values are type-checked and validated (email format, option values, ranges, lengths).
 */
export function validateBody(
  spec: EntitySetSpec,
  body: unknown,
  mode: BodyMode,
  currentId?: string,
): ErpRecord {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('The request body must be a JSON object.');
  }
  const out: ErpRecord = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name.startsWith('@odata.')) continue;
    const field = fieldOf(spec, name);
    if (!field) {
      throw new BadRequestError(
        `The property '${name}' does not exist on type 'Microsoft.NAV.${spec.typeName}'. Make sure to only use property names that are defined by the type.`,
      );
    }
    if (field.kind === 'datetime') {
      throw new BadRequestError(`The property '${name}' is read-only and cannot be set.`);
    }
    if (field.kind === 'guid') {
      if (typeof value !== 'string' || !isGuid(value)) {
        throw new BadRequestError(
          `The value of '${name}' is not a valid GUID.`,
          'Application_InvalidGUID',
        );
      }
      if (mode === 'update' && value.toLowerCase() !== currentId) {
        throw new BadRequestError(`The property '${name}' is read-only and cannot be changed.`);
      }
      if (mode === 'create') out[name] = value.toLowerCase();
      continue;
    }
    out[name] = checkValue(spec, name, field, value);
  }
  return out;
}

function checkValue(spec: EntitySetSpec, name: string, field: FieldSpec, value: unknown) {
  switch (field.kind) {
    case 'string':
    case 'code': {
      if (typeof value !== 'string') throw typeError(spec, name, 'Edm.String', value);
      const v = field.kind === 'code' ? value.toUpperCase() : value;
      if (v.length > field.maxLength) {
        throw new StringExceededLengthError(name, spec.tableName, v.length, field.maxLength);
      }
      if (
        field.kind === 'string' &&
        field.format === 'email' &&
        v !== '' &&
        !emailPattern.test(v)
      ) {
        throw new FieldValidationError(
          `The email address "${v}" is not valid. Field: ${name}, Table: ${spec.tableName}.`,
        );
      }
      if (field.kind === 'string' && field.format === 'url' && v !== '' && !urlPattern.test(v)) {
        throw new FieldValidationError(
          `The web address "${v}" is not valid. Field: ${name}, Table: ${spec.tableName}.`,
        );
      }
      return v;
    }
    case 'enum': {
      if (typeof value !== 'string') throw typeError(spec, name, 'Edm.String', value);
      const match = field.values.find((o) => o.toLowerCase() === value.toLowerCase());
      if (match === undefined) {
        throw new FieldValidationError(
          `'${value}' is not an option. The existing options are: ${field.values.map((o) => `'${o}'`).join(',')}. Field: ${name}, Table: ${spec.tableName}.`,
        );
      }
      return match;
    }
    case 'decimal': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw typeError(spec, name, 'Edm.Decimal', value);
      }
      if (field.min !== undefined && value < field.min) {
        throw new FieldValidationError(
          `The value of ${name} must be greater than or equal to ${field.min}. Current value is '${value}'. Table: ${spec.tableName}.`,
        );
      }
      return value;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') throw typeError(spec, name, 'Edm.Boolean', value);
      return value;
    }
    case 'guid':
    case 'datetime':
      throw new BadRequestError(`The property '${name}' is read-only and cannot be set.`);
  }
}

function typeError(spec: EntitySetSpec, name: string, edmType: string, value: unknown) {
  return new BadRequestError(
    `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${edmType}' of property '${name}' on 'Microsoft.NAV.${spec.typeName}'.`,
  );
}
