import type { EngineEvent } from '../ports';

/**
 * Events the API itself causes (retry and dismiss close errors without the engine), merged with
 * the engine's events by the live subscription and the error threshold watch.
 */
export interface ApiEvents {
  emit(event: EngineEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

export function createApiEvents(onListenerError: (error: unknown) => void = () => {}): ApiEvents {
  const listeners = new Set<(event: EngineEvent) => void>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** Subscribes to the engine's and the API's events at once; returns the unsubscribe function. */
export function subscribeAll(
  sources: { engine: { subscribe: ApiEvents['subscribe'] }; events: ApiEvents },
  listener: (event: EngineEvent) => void,
): () => void {
  const offEngine = sources.engine.subscribe(listener);
  const offApi = sources.events.subscribe(listener);
  return () => {
    offEngine();
    offApi();
  };
}
