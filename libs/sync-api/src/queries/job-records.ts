import type { RecordLogEntry } from '../outputs/records';
import type { ApiStore } from '../store';
import { toLogEntry } from './record-log';

/** History events written by one job, in the order written, keyset-paged. */
export async function jobRecords(
  store: ApiStore,
  jobId: string,
  page: { limit: number; cursor?: string | null | undefined; outcome?: string | undefined },
): Promise<{ items: RecordLogEntry[]; nextCursor: string | null }> {
  const found = await store.history.listForJob(jobId, page);
  return { items: found.items.map(toLogEntry), nextCursor: found.nextCursor };
}
