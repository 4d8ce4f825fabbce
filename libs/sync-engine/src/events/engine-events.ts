export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What the engine tells listeners (the API's live subscription, the CLI's progress bar). */
export type EngineEvent =
  | {
      type: 'jobProgress';
      jobId: string;
      mappingId: string | null;
      state: JobState;
      processed: number;
      total: number | null;
      counters: Readonly<Record<string, number>>;
      at: Date;
    }
  /** Some errors were raised or resolved; listeners re-read the counts from the store. */
  | { type: 'errorsChanged'; mappingId: string | null; at: Date };

export type EngineListener = (event: EngineEvent) => void;

export interface EngineEvents {
  emit(event: EngineEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EngineListener): () => void;
  listenerCount(): number;
}

/** A tiny synchronous emitter; a listener that throws never stops the engine or other listeners. */
export function createEngineEvents(onListenerError: (error: unknown) => void): EngineEvents {
  const listeners = new Set<EngineListener>();
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
    listenerCount: () => listeners.size,
  };
}
