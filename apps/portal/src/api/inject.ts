import { inject, type InjectionKey } from 'vue';
import type { ApiClient } from './client';

export const apiKey: InjectionKey<ApiClient> = Symbol('twinsync-api');

/** The tRPC client provided by the app (or by a test); stores and components call this. */
export function useApi(): ApiClient {
  const api = inject(apiKey, null);
  if (!api) throw new Error('No API client provided: app.provide(apiKey, createApiClient(...))');
  return api;
}
