import { http, type HttpHandler } from 'msw';
import type { MockErp } from './create-mock-erp';

/**
 * msw handlers that route every request under `baseUrl` (the mock's origin) to the same
 * fetch-style handler the express server uses. Injected drops become `HttpResponse.error()`.
 */
export function mockErpHandlers(app: Pick<MockErp, 'handle'>, baseUrl: string): HttpHandler[] {
  const origin = new URL(baseUrl).origin;
  return [
    http.all(`${origin}/*`, async ({ request }) => {
      const response = await app.handle(request);
      return response;
    }),
  ];
}
