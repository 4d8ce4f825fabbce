import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@twinsync/sync-api';
import type { ApiClient } from '../api/client';
import type { ApiInputs, ApiOutputs, LiveEvent } from '../api/types';

type Routers = Extract<keyof ApiOutputs, string>;
export type ProcedurePath = {
  [R in Routers]: `${R}.${keyof ApiOutputs[R] & string}`;
}[Routers];

type Pick2<T, P extends string> = P extends `${infer R}.${infer Q}`
  ? R extends keyof T
    ? Q extends keyof T[R]
      ? T[R][Q]
      : never
    : never
  : never;

/** One fake procedure per path, typed with the real router's inputs and outputs. */
export type FakeHandlers = {
  [P in ProcedurePath]?: (
    input: Pick2<ApiInputs, P>,
  ) => Pick2<ApiOutputs, P> | Promise<Pick2<ApiOutputs, P>>;
};

export interface FakeApi {
  client: ApiClient;
  handlers: FakeHandlers;
  /** Every call, in order: path and input. */
  calls: Array<{ path: string; input: unknown }>;
  callsTo(path: ProcedurePath): unknown[];
  /** Pushes an event to every open `live.events` subscription. */
  emitLive(event: LiveEvent): void;
  liveSubscribers(): number;
}

/**
 * A real tRPC client whose terminating link answers from `handlers` instead of HTTP: stores and
 * components under test run the same client code as in production.
 */
export function createFakeApi(handlers: FakeHandlers = {}): FakeApi {
  const calls: FakeApi['calls'] = [];
  const live = new Set<(event: LiveEvent) => void>();
  const table = handlers as Record<string, ((input: unknown) => unknown) | undefined>;

  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        if (op.type === 'subscription') {
          const listener = (event: LiveEvent) =>
            observer.next({ result: { type: 'data', data: event } });
          live.add(listener);
          return () => live.delete(listener);
        }
        const handler = table[op.path];
        if (!handler) {
          observer.error(TRPCClientError.from(new Error(`No fake for ${op.path}`)));
          return;
        }
        Promise.resolve()
          .then(() => handler(op.input))
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) =>
              observer.error(
                TRPCClientError.from(error instanceof Error ? error : new Error(String(error))),
              ),
          );
        return () => undefined;
      });

  const client = createTRPCClient<AppRouter>({ links: [link] });
  return {
    client,
    handlers,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path).map((c) => c.input),
    emitLive: (event) => {
      for (const listener of live) listener(event);
    },
    liveSubscribers: () => live.size,
  };
}
