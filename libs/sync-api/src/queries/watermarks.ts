import type { ApiStore } from '../store';
import { isoOf, rowsOf, str } from './row-values';
import { tables } from './tables';

export async function watermarksByMapping(
  store: ApiStore,
): Promise<Map<string, Array<{ side: string; updatedAt: string }>>> {
  const rows = rowsOf(
    await store.knex(tables.watermarks).select('mapping_id', 'side', 'updated_at'),
  );
  const byMapping = new Map<string, Array<{ side: string; updatedAt: string }>>();
  for (const r of rows) {
    const list = byMapping.get(str(r, 'mapping_id')) ?? [];
    list.push({ side: str(r, 'side'), updatedAt: isoOf(r, 'updated_at') });
    byMapping.set(str(r, 'mapping_id'), list);
  }
  return byMapping;
}
