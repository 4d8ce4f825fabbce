import { EventEmitter, on } from 'node:events';
import type { ApiDeps } from '../context';
import type { ErrorCounts } from '../outputs/errors';
import type { EngineEvent, JobState } from '../ports';
import { countErrors } from '../queries/errors-list';
import type { ErrorFilter } from '../inputs/errors';
import { subscribeAll } from './api-events';

export type LiveEvent =
  | {
      type: 'jobProgress';
      jobId: string;
      mappingId: string | null;
      state: JobState;
      processed: number;
      total: number | null;
      counters: Record<string, number>;
      at: string;
    }
  | { type: 'errorCounts'; mappingId: string | null; counts: ErrorCounts; at: string };

/**
 * Job progress and error counts as they change: first the current counts, then one event per
 * engine event. Error counts are re-read from the store on every `errorsChanged` (the engine emits
 * it per batch, not per record). Ends when `signal` aborts.
 */
export async function* liveEvents(
  deps: ApiDeps,
  options: { mappingId: string | null; signal: AbortSignal | undefined },
): AsyncGenerator<LiveEvent> {
  const filter: ErrorFilter = options.mappingId ? { mappingId: options.mappingId } : {};
  const emitter = new EventEmitter();
  const unsubscribe = subscribeAll(deps, (event) => emitter.emit('event', event));
  const countsEvent = async (): Promise<LiveEvent> => ({
    type: 'errorCounts',
    mappingId: options.mappingId,
    counts: await countErrors(deps.store, filter),
    at: deps.clock().toISOString(),
  });
  try {
    yield await countsEvent();
    const stream = on(emitter, 'event', options.signal ? { signal: options.signal } : {});
    for await (const args of stream as AsyncIterable<[EngineEvent]>) {
      const event = args[0];
      if (options.mappingId && event.mappingId && event.mappingId !== options.mappingId) continue;
      if (event.type === 'errorsChanged') {
        yield await countsEvent();
      } else {
        yield { ...event, counters: { ...event.counters }, at: event.at.toISOString() };
      }
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  } finally {
    unsubscribe();
  }
}
