import { BadRequestError, NotImplementedError } from '../errors/odata-errors';
import {
  collectionByNavigation,
  columnOf,
  lookupByNavigation,
  type CollectionDef,
  type EntitySetDef,
  type LookupDef,
} from '../schema/entity-set';
import type { FilterNode } from './filter-ast';
import { parseFilter } from './filter-parse';

export interface OrderKey {
  property: string;
  desc: boolean;
}

export type ExpandItem =
  | { kind: 'lookup'; navigation: string; lookup: LookupDef; select: string[] | undefined }
  | {
      kind: 'collection';
      navigation: string;
      collection: CollectionDef;
      select: string[] | undefined;
    };

export interface QueryOptions {
  select: string[] | undefined;
  filter: FilterNode | undefined;
  orderBy: OrderKey[];
  top: number | undefined;
  skip: number | undefined;
  count: boolean;
  expand: ExpandItem[];
  skipToken: string | undefined;
  deltaToken: string | undefined;
}

export interface QueryRules {
  /** `$skip` accepted (BC) or rejected with 400 'SkipNotSupported' (Dataverse). */
  allowSkip: boolean;
  /** Qualified type name for messages, e.g. `Microsoft.Dynamics.CRM.account`. */
  typeName?: string;
  /** Resolves the target/source set of a navigation (for `$select` inside `$expand`). */
  setByName?: (name: string) => EntitySetDef | undefined;
  /** Name of the mock in 501 messages. */
  mockName?: string;
}

const supported = new Set([
  '$select',
  '$filter',
  '$orderby',
  '$top',
  '$skip',
  '$count',
  '$expand',
  '$skiptoken',
  '$deltatoken',
  '$format',
]);

/** Splits on commas that are not inside parentheses or quotes. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts.filter((p) => p !== '');
}

function nonNegativeInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw new BadRequestError(
      `The value '${raw}' of ${name} is not a non-negative integer.`,
      'InvalidQuery',
    );
  }
  return Number(raw);
}

function unknownProperty(typeName: string, name: string) {
  return new BadRequestError(
    `Could not find a property named '${name}' on type '${typeName}'.`,
    'InvalidProperty',
  );
}

export function parseSelect(set: EntitySetDef, text: string, typeName: string): string[] {
  const names = splitTopLevel(text);
  if (names.length === 0) throw new BadRequestError('$select is empty.', 'InvalidQuery');
  for (const name of names) {
    if (name === '*') continue;
    if (!columnOf(set, name)) throw unknownProperty(typeName, name);
  }
  return names.includes('*') ? Object.keys(set.columns) : [...new Set(names)];
}

function parseOrderBy(set: EntitySetDef, text: string, typeName: string): OrderKey[] {
  return splitTopLevel(text).map((part) => {
    const [property, dir, ...rest] = part.split(/\s+/);
    if (!property || rest.length > 0 || (dir !== undefined && !/^(asc|desc)$/i.test(dir))) {
      throw new BadRequestError(`The $orderby clause '${part}' is not valid.`, 'InvalidQuery');
    }
    if (!columnOf(set, property)) throw unknownProperty(typeName, property);
    return { property, desc: dir?.toLowerCase() === 'desc' };
  });
}

function parseExpand(
  set: EntitySetDef,
  text: string,
  rules: QueryRules,
  typeName: string,
): ExpandItem[] {
  return splitTopLevel(text).map((part) => {
    const m = /^([A-Za-z_]\w*)\s*(?:\((.*)\))?$/s.exec(part);
    const navigation = m?.[1];
    if (!m || navigation === undefined) {
      throw new BadRequestError(`The $expand item '${part}' is not valid.`, 'InvalidQuery');
    }
    const lookup = lookupByNavigation(set, navigation);
    const collection = lookup ? undefined : collectionByNavigation(set, navigation);
    if (!lookup && !collection) {
      throw new BadRequestError(
        `Could not find a navigation property named '${navigation}' on type '${typeName}'.`,
        'InvalidProperty',
      );
    }
    let select: string[] | undefined;
    for (const option of m[2] === undefined
      ? []
      : m[2]
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean)) {
      const eq = option.indexOf('=');
      const name = (eq < 0 ? option : option.slice(0, eq)).trim().toLowerCase();
      if (name !== '$select') {
        throw new NotImplementedError(`The query option '${name}' inside $expand`, rules.mockName);
      }
      const targetName = lookup ? lookup.target : (collection as CollectionDef).source;
      const target = rules.setByName?.(targetName);
      if (!target)
        throw new NotImplementedError(`$select inside $expand of '${navigation}'`, rules.mockName);
      select = parseSelect(target, option.slice(eq + 1), target.entityType);
    }
    return lookup
      ? { kind: 'lookup', navigation: lookup.navigation, lookup, select }
      : {
          kind: 'collection',
          navigation: (collection as CollectionDef).navigation,
          collection: collection as CollectionDef,
          select,
        };
  });
}

/**
 * Reads and checks the system query options of a collection or single-entity URL. Unknown
 * properties → 400 'InvalidProperty', bad syntax → 400 'InvalidQuery'/'InvalidFilter', `$skip`
 * where the service has none → 400 'SkipNotSupported', options the mock lacks → 501.
 */
export function parseQueryOptions(
  set: EntitySetDef,
  params: URLSearchParams,
  rules: QueryRules,
): QueryOptions {
  const typeName = rules.typeName ?? set.entityType;
  const seen = new Set<string>();
  for (const key of params.keys()) {
    const lower = key.toLowerCase();
    if (!key.startsWith('$')) continue;
    if (seen.has(lower)) {
      throw new BadRequestError(
        `The query option '${key}' is given more than once.`,
        'InvalidQuery',
      );
    }
    seen.add(lower);
    if (!supported.has(lower))
      throw new NotImplementedError(`The query option '${key}'`, rules.mockName);
  }
  const get = (name: string): string | undefined => {
    for (const [k, v] of params) if (k.toLowerCase() === name) return v;
    return undefined;
  };
  const skipRaw = get('$skip');
  if (skipRaw !== undefined && !rules.allowSkip) {
    throw new BadRequestError('The query parameter $skip is not supported.', 'SkipNotSupported');
  }
  const countRaw = get('$count');
  if (countRaw !== undefined && !/^(true|false)$/i.test(countRaw)) {
    throw new BadRequestError(
      `The value '${countRaw}' of $count must be true or false.`,
      'InvalidQuery',
    );
  }
  const selectRaw = get('$select');
  const filterRaw = get('$filter');
  const orderRaw = get('$orderby');
  const topRaw = get('$top');
  const expandRaw = get('$expand');
  return {
    select: selectRaw === undefined ? undefined : parseSelect(set, selectRaw, typeName),
    filter: filterRaw === undefined ? undefined : parseFilter(set, filterRaw, typeName),
    orderBy: orderRaw === undefined ? [] : parseOrderBy(set, orderRaw, typeName),
    top: topRaw === undefined ? undefined : nonNegativeInt('$top', topRaw),
    skip: skipRaw === undefined ? undefined : nonNegativeInt('$skip', skipRaw),
    count: countRaw?.toLowerCase() === 'true',
    expand: expandRaw === undefined ? [] : parseExpand(set, expandRaw, rules, typeName),
    skipToken: get('$skiptoken'),
    deltaToken: get('$deltatoken'),
  };
}
