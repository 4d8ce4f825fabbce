import { fieldOf, type EntitySetSpec } from '../domain/entity-sets';
import { BadRequestError, NotImplementedError } from '../errors';
import { parseFilter } from './filter';

export interface OrderKey {
  field: string;
  desc: boolean;
}

export interface ListOptions {
  filter: ReturnType<typeof parseFilter> | undefined;
  select: string[] | undefined;
  orderBy: OrderKey[];
  top: number | undefined;
  skip: number;
  count: boolean;
  expand: string[];
  skipToken: string | undefined;
}

/** Navigation properties `$expand` accepts, per entity set. */
export const expandable: Record<string, readonly string[]> = {
  customers: ['contactsInformation'],
  contacts: [],
  items: [],
};

const known = new Set([
  '$filter',
  '$select',
  '$orderby',
  '$top',
  '$skip',
  '$count',
  '$expand',
  '$skiptoken',
  '$format',
  'company',
]);

function nonNegativeInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new BadRequestError(
      `The value '${raw}' of ${name} is not a non-negative integer (at most 2^53 - 1).`,
    );
  }
  return Number(raw);
}

function unknownProperty(spec: EntitySetSpec, name: string, option: string) {
  return new BadRequestError(
    `Could not find a property named '${name}' on type 'Microsoft.NAV.${spec.typeName}' in ${option}.`,
  );
}

/** Reads and checks the OData system query options of a collection or record URL. */
export function parseListOptions(spec: EntitySetSpec, params: URLSearchParams): ListOptions {
  for (const key of params.keys()) {
    if (key.startsWith('$') && !known.has(key.toLowerCase())) {
      throw new NotImplementedError(`The query option '${key}'`);
    }
  }
  const get = (name: string) => params.get(name) ?? undefined;
  const filterText = get('$filter');
  const select = get('$select')
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const name of select ?? [])
    if (!fieldOf(spec, name)) throw unknownProperty(spec, name, '$select');
  const orderBy: OrderKey[] = [];
  for (const part of (get('$orderby') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const [field, dir, ...rest] = part.split(/\s+/);
    if (!field || rest.length > 0 || (dir !== undefined && !/^(asc|desc)$/i.test(dir))) {
      throw new BadRequestError(`The $orderby clause '${part}' is not valid.`);
    }
    if (!fieldOf(spec, field)) throw unknownProperty(spec, field, '$orderby');
    orderBy.push({ field, desc: dir?.toLowerCase() === 'desc' });
  }
  const expand: string[] = [];
  for (const part of (get('$expand') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const nav = /^([A-Za-z]\w*)(\(.*\))?$/.exec(part);
    const allowed = Object.hasOwn(expandable, spec.name) ? (expandable[spec.name] ?? []) : [];
    if (!nav?.[1] || !allowed.includes(nav[1])) {
      throw new BadRequestError(
        `Could not find a navigation property named '${part}' on type 'Microsoft.NAV.${spec.typeName}'.`,
      );
    }
    if (nav[2] !== undefined) throw new NotImplementedError('Query options inside $expand');
    expand.push(part);
  }
  const countRaw = get('$count');
  if (countRaw !== undefined && countRaw !== 'true' && countRaw !== 'false') {
    throw new BadRequestError(`The value '${countRaw}' of $count must be true or false.`);
  }
  const topRaw = get('$top');
  const skipRaw = get('$skip');
  return {
    filter: filterText === undefined ? undefined : parseFilter(filterText),
    select,
    orderBy,
    top: topRaw === undefined ? undefined : nonNegativeInt('$top', topRaw),
    skip: skipRaw === undefined ? 0 : nonNegativeInt('$skip', skipRaw),
    count: countRaw === 'true',
    expand,
    skipToken: get('$skiptoken'),
  };
}

/** Reads `odata.maxpagesize=N` from a (comma-separated) Prefer header. */
export function preferredPageSize(prefer: string | null): number | undefined {
  if (!prefer) return undefined;
  for (const part of prefer.split(',')) {
    const m = /^\s*odata\.maxpagesize\s*=\s*"?(\d+)"?\s*$/i.exec(part);
    if (m?.[1]) return Number(m[1]);
  }
  return undefined;
}
