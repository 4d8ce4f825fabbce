import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, HttpResponse, type HttpHandler } from 'msw';

/** What a webhook receiver saw, and how it should answer. */
export interface ReceiverState {
  validations: string[];
  notifications: { value: Record<string, unknown>[] }[];
  /** Answer the next N notification POSTs with 500. */
  failNext: number;
  /** Echo the validation token (false → answer 200 with something else). */
  echo: boolean;
}

export interface Receiver {
  url: string;
  state: ReceiverState;
  close(): Promise<void>;
}

export function freshReceiverState(): ReceiverState {
  return { validations: [], notifications: [], failNext: 0, echo: true };
}

/** The receiver's logic on a fetch Request; shared by the real-port and the msw receiver. */
export async function receive(state: ReceiverState, req: Request): Promise<Response> {
  const url = new URL(req.url);
  const token = url.searchParams.get('validationToken');
  if (token !== null) {
    state.validations.push(token);
    return new Response(state.echo ? token : 'not-the-token', {
      status: 200,
      headers: { 'content-type': 'text/plain' },
    });
  }
  if (state.failNext > 0) {
    state.failNext--;
    await req.text();
    return new Response('receiver down', { status: 500 });
  }
  state.notifications.push((await req.json()) as { value: Record<string, unknown>[] });
  return new Response(null, { status: 202 });
}

/** A receiver on a real port (for the express target). */
export async function startReceiver(): Promise<Receiver> {
  const state = freshReceiverState();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
        method: req.method ?? 'POST',
        ...(body.length > 0 ? { body } : {}),
      });
      void receive(state, request).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A receiver as msw handlers (for the msw target: the mock's fetch is intercepted too). */
export function mswReceiver(origin: string): { receiver: Receiver; handlers: HttpHandler[] } {
  const state = freshReceiverState();
  return {
    receiver: { url: `${origin}/hook`, state, close: () => Promise.resolve() },
    handlers: [
      http.post(`${origin}/hook`, ({ request }) =>
        receive(state, request).then((r) => r ?? HttpResponse.error()),
      ),
    ],
  };
}
