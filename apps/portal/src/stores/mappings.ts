import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useApi } from '../api/inject';
import type { ApiInputs, LiveMappingStatus, LiveStatus, MappingView } from '../api/types';

export type MappingPatch = ApiInputs['mappings']['update']['patch'];

/** Table mappings: names for filters, and the admin's policy/schedule/pause changes. */
export const useMappingsStore = defineStore('mappings', () => {
  const api = useApi();
  const items = shallowRef<MappingView[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);

  const options = computed(() => items.value.map((m) => ({ label: m.name, value: m.id })));
  /** Live sync: on or off in this server, and per mapping its lag and last change notice. */
  const live = shallowRef<LiveStatus | null>(null);
  const liveByMapping = computed(
    () =>
      new Map<string, LiveMappingStatus>((live.value?.mappings ?? []).map((m) => [m.mappingId, m])),
  );

  async function loadLive(): Promise<void> {
    try {
      live.value = await api.live.status.query({});
    } catch {
      // The page still works without it; the next refresh tries again.
    }
  }

  async function load(): Promise<void> {
    try {
      items.value = await api.mappings.list.query({});
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    } finally {
      loaded.value = true;
    }
  }

  function ensureLoaded(): Promise<void> {
    return loaded.value ? Promise.resolve() : load();
  }

  function replace(mapping: MappingView): void {
    items.value = items.value.map((m) => (m.id === mapping.id ? mapping : m));
  }

  async function update(id: string, patch: MappingPatch): Promise<MappingView> {
    const after = await api.mappings.update.mutate({ id, patch });
    replace(after);
    return after;
  }

  async function pause(id: string, reason?: string): Promise<MappingView> {
    const after = await api.mappings.pause.mutate(reason ? { id, reason } : { id });
    replace(after);
    return after;
  }

  async function resume(id: string): Promise<MappingView> {
    const after = await api.mappings.resume.mutate({ id });
    replace(after);
    return after;
  }

  return {
    items,
    loaded,
    loadError,
    options,
    live,
    liveByMapping,
    load,
    loadLive,
    ensureLoaded,
    update,
    pause,
    resume,
  };
});
