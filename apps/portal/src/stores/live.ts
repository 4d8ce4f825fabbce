import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useApi } from '../api/inject';
import type { LiveEvent } from '../api/types';
import { useErrorsStore } from './errors';
import { useJobsStore } from './jobs';

export type LiveStatus = 'off' | 'connecting' | 'live' | 'error';

/** The one live subscription of the portal; fans its events out to the stores that need them. */
export const useLiveStore = defineStore('live', () => {
  const api = useApi();
  const errors = useErrorsStore();
  const jobs = useJobsStore();
  const status = ref<LiveStatus>('off');
  const lastEventAt = ref<string | null>(null);
  let unsubscribe: (() => void) | null = null;

  function dispatch(event: LiveEvent): void {
    status.value = 'live';
    lastEventAt.value = event.at;
    errors.onLiveEvent(event);
    jobs.onLiveEvent(event);
  }

  /**
   * Subscribes a moment after being asked: the stream opens with a count of every open error,
   * which must not queue in front of the first page a navigation asks for.
   */
  function start(delayMs = 1000): void {
    if (unsubscribe) return;
    status.value = 'connecting';
    const timer = setTimeout(subscribe, delayMs);
    unsubscribe = () => clearTimeout(timer);
  }

  function subscribe(): void {
    const subscription = api.live.events.subscribe(
      {},
      {
        onStarted: () => {
          status.value = 'live';
        },
        onData: dispatch,
        onError: () => {
          status.value = 'error';
        },
        onConnectionStateChange: (state) => {
          if (state.state === 'connecting') status.value = 'connecting';
        },
      },
    );
    unsubscribe = () => subscription.unsubscribe();
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
    status.value = 'off';
  }

  return { status, lastEventAt, start, stop };
});
