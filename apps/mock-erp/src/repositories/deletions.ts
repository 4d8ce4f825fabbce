import type { EntitySetName } from '../domain/entity-sets';
import type { Db } from './records';

export interface Deletion {
  companyId: string;
  entitySet: EntitySetName;
  id: string;
  number: string;
  deletedDateTime: string;
}

export async function logDeletion(db: Db, deletion: Deletion): Promise<void> {
  await db('deletions').insert(deletion);
}

/** Deletions strictly after `since` (ISO), oldest first. */
export async function deletionsSince(
  db: Db,
  since: string,
  filter: { companyId?: string; entitySet?: string },
): Promise<Deletion[]> {
  const q = db('deletions')
    .where('deletedDateTime', '>', since)
    .orderBy('seq')
    .select('companyId', 'entitySet', 'id', 'number', 'deletedDateTime');
  if (filter.companyId) void q.where({ companyId: filter.companyId });
  if (filter.entitySet) void q.where({ entitySet: filter.entitySet });
  return (await q) as Deletion[];
}
