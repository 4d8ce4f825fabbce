import type { ApiStore } from '../store';

/** When each side of each mapping last advanced its change-tracking watermark. */
export async function watermarksByMapping(
  store: ApiStore,
): Promise<Map<string, Array<{ side: string; updatedAt: string }>>> {
  const byMapping = new Map<string, Array<{ side: string; updatedAt: string }>>();
  for (const w of await store.watermarks.list()) {
    const list = byMapping.get(w.mappingId) ?? [];
    list.push({ side: w.side, updatedAt: w.updatedAt });
    byMapping.set(w.mappingId, list);
  }
  return byMapping;
}
