import { isEntitySetName, type EntitySetName } from '../domain/entity-sets';

export interface ResourceRef {
  companyId: string;
  entitySet: EntitySetName;
}

/**
 * Reads a subscription resource such as `/api/v2.0/companies(<id>)/customers`, `api/v2.0/...` or
 * an absolute URL. Returns undefined when it names no collection the mock serves.
 */
export function parseResource(resource: string): ResourceRef | undefined {
  const match = /(?:^|\/)api\/v2\.0\/companies\(([0-9a-fA-F-]{36})\)\/([A-Za-z]+)\/?$/.exec(
    resource.trim(),
  );
  if (!match) return undefined;
  const [, companyId, entitySet] = match;
  if (!companyId || !entitySet || !isEntitySetName(entitySet)) return undefined;
  return { companyId: companyId.toLowerCase(), entitySet };
}

/** The record URL BC puts in a notification's `resource`. */
export function recordResource(companyId: string, entitySet: string, id: string): string {
  return `api/v2.0/companies(${companyId})/${entitySet}(${id})`;
}

export function collectionResource(companyId: string, entitySet: string): string {
  return `api/v2.0/companies(${companyId})/${entitySet}`;
}
