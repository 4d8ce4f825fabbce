import { isEntitySetName, type EntitySetName } from '../domain/entity-sets';
import { isGuid } from '../domain/guid';
import { BadRequestError, ResourceNotFoundError } from '../errors';

export const apiBase = '/api/v2.0';

/** What a URL under /api/v2.0/ addresses. */
export type Target =
  | { kind: 'serviceDocument' }
  | { kind: 'metadata' }
  | { kind: 'batch' }
  | { kind: 'companies' }
  | { kind: 'company'; companyId: string }
  | { kind: 'collection'; companyId: string | undefined; entitySet: EntitySetName; count: boolean }
  | { kind: 'record'; companyId: string | undefined; entitySet: EntitySetName; id: string }
  | { kind: 'subscriptions' }
  | { kind: 'subscription'; id: string };

const keyed = /^([A-Za-z$]+)\((.*)\)$/;

function key(raw: string, path: string): string {
  const unquoted = raw.replace(/^'(.*)'$/, '$1');
  if (!isGuid(unquoted)) {
    throw new BadRequestError(
      `The key '${raw}' in '${path}' is not a valid GUID.`,
      'BadRequest_InvalidKey',
    );
  }
  return unquoted.toLowerCase();
}

function segment(s: string): { name: string; key: string | undefined } {
  const m = keyed.exec(s);
  return m ? { name: m[1] ?? '', key: m[2] ?? '' } : { name: s, key: undefined };
}

/**
 * Parses the path after /api/v2.0/: `companies(<id>)/<set>(<id>)`, `<set>` with the company
 * given by the `company` query option or header, `subscriptions('<id>')`, `$batch`, `$metadata`.
 */
export function parseTarget(path: string): Target {
  const rest = path.slice(apiBase.length).replace(/^\/+/, '').replace(/\/+$/, '');
  const parts = rest === '' ? [] : rest.split('/').map((p) => decodeURIComponent(p));
  const notFound = () => new ResourceNotFoundError(path);
  if (parts.length === 0) return { kind: 'serviceDocument' };
  const [first, second, third, ...more] = parts;
  if (more.length > 0 || first === undefined) throw notFound();
  if (first === '$metadata' && !second) return { kind: 'metadata' };
  if (first === '$batch' && !second) return { kind: 'batch' };
  const head = segment(first);
  if (head.name === 'subscriptions') {
    if (second) throw notFound();
    if (head.key === undefined) return { kind: 'subscriptions' };
    const id = head.key.replace(/^'(.*)'$/, '$1');
    if (id === '') throw notFound();
    return { kind: 'subscription', id };
  }
  if (head.name === 'companies') {
    if (head.key === undefined) {
      if (second) throw notFound();
      return { kind: 'companies' };
    }
    const companyId = key(head.key, path);
    if (!second) return { kind: 'company', companyId };
    return entityTarget(companyId, second, third, path);
  }
  return entityTarget(undefined, first, second, path);
}

function entityTarget(
  companyId: string | undefined,
  s: string,
  after: string | undefined,
  path: string,
): Target {
  const seg = segment(s);
  if (!isEntitySetName(seg.name)) throw new ResourceNotFoundError(path);
  if (seg.key === undefined) {
    if (after === undefined)
      return { kind: 'collection', companyId, entitySet: seg.name, count: false };
    if (after === '$count')
      return { kind: 'collection', companyId, entitySet: seg.name, count: true };
    throw new ResourceNotFoundError(path);
  }
  if (after !== undefined) throw new ResourceNotFoundError(path);
  return { kind: 'record', companyId, entitySet: seg.name, id: key(seg.key, path) };
}
