import { BadRequestError } from '../errors/odata-errors';
import { columnOf, type EntityModel, type EntitySetDef } from './entity-set';
import { isGuid } from './guid';
import { toStored, type StoredValue } from './values';

export interface ValidateOptions {
  mode: 'create' | 'update';
  /** All entity sets, to resolve `@odata.bind` targets. */
  model: EntityModel;
  /** Qualified type name for messages, e.g. `Microsoft.Dynamics.CRM.account`. */
  typeName?: string;
}

/** A lookup set through `<navigation>@odata.bind`: the target set and key (null clears it). */
export interface BindValue {
  navigation: string;
  column: string;
  target: string;
  id: string | null;
}

export interface ValidatedBody {
  /** Column → stored value, including lookup columns set by binds. */
  values: Record<string, StoredValue>;
  binds: BindValue[];
}

const bindPattern = /^(?:.*\/)?([A-Za-z_][\w]*)\(([^()]*)\)$/;

/** `/accounts(<id>)`, `accounts(<id>)` or an absolute URL ending so → set and id. */
export function parseEntityReference(ref: string): { set: string; id: string } | undefined {
  const m = bindPattern.exec(ref.trim());
  if (!m?.[1] || m[2] === undefined) return undefined;
  const id = m[2].replace(/^'(.*)'$/, '$1');
  return { set: m[1], id };
}

/**
 * Checks a JSON body against the entity set: unknown property → 400 'InvalidProperty', wrong type
 * → 400 'InvalidType', missing required → 400 'MissingValue'; `@odata.*` annotations other than
 * binds are ignored (clients echo `@odata.etag`).
 */
export function validateBody(
  set: EntitySetDef,
  body: Record<string, unknown>,
  options: ValidateOptions,
): ValidatedBody {
  const typeName = options.typeName ?? set.entityType;
  const values: Record<string, StoredValue> = {};
  const binds: BindValue[] = [];
  for (const [name, value] of Object.entries(body)) {
    const at = name.indexOf('@');
    if (at >= 0) {
      const annotation = name.slice(at + 1);
      if (at === 0 || annotation !== 'odata.bind') continue;
      binds.push(readBind(set, name.slice(0, at), value, options.model, typeName));
      continue;
    }
    const column = columnOf(set, name);
    if (!column) {
      throw new BadRequestError(
        `The property '${name}' does not exist on type '${typeName}'. Make sure to only use property names that are defined by the type.`,
        'InvalidProperty',
      );
    }
    const lookup = set.lookups?.find((l) => l.column === name);
    if (lookup) {
      throw new BadRequestError(
        `The property '${name}' is read-only; set the lookup with '${lookup.navigation}@odata.bind'.`,
        'ReadOnlyProperty',
      );
    }
    if (column.serverOwned === 'ignore') continue;
    if (column.serverOwned === 'reject') {
      throw new BadRequestError(
        `The property '${name}' is set by the server and cannot be written.`,
        'ReadOnlyProperty',
      );
    }
    values[name] = toStored(name, column, value);
  }
  for (const b of binds) values[b.column] = b.id;
  if (options.mode === 'create') {
    for (const [name, column] of Object.entries(set.columns)) {
      if (column.required === true && (values[name] === undefined || values[name] === null)) {
        throw new BadRequestError(`The property '${name}' is required.`, 'MissingValue');
      }
    }
  }
  return { values, binds };
}

function readBind(
  set: EntitySetDef,
  navigation: string,
  value: unknown,
  model: EntityModel,
  typeName: string,
): BindValue {
  const lookup = set.lookups?.find((l) => l.navigation === navigation);
  if (!lookup) {
    throw new BadRequestError(
      `An undeclared property '${navigation}' which only has property annotations in the payload but no property value was found in the payload. '${typeName}' has no navigation property '${navigation}'.`,
      'InvalidProperty',
    );
  }
  if (value === null) return { ...lookup, id: null };
  const ref = typeof value === 'string' ? parseEntityReference(value) : undefined;
  if (!ref || !isGuid(ref.id)) {
    throw new BadRequestError(
      `The value of '${navigation}@odata.bind' must be an entity reference such as '/${lookup.target}(<guid>)'.`,
      'InvalidBind',
    );
  }
  if (ref.set !== lookup.target || !model.has(ref.set)) {
    throw new BadRequestError(
      `'${navigation}@odata.bind' must reference the entity set '${lookup.target}', not '${ref.set}'.`,
      'InvalidBind',
    );
  }
  return {
    navigation: lookup.navigation,
    column: lookup.column,
    target: lookup.target,
    id: ref.id.toLowerCase(),
  };
}
