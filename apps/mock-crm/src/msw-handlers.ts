import { toMswHandlers } from '@twinsync/odata-kit';
import type { HttpHandler } from 'msw';
import type { MockCrm } from './create-mock-crm';

/**
 * msw handlers that route every request under `baseUrl` (the mock's origin) to the same
 * fetch-style handler the express server uses. Injected drops become network errors.
 */
export function mockCrmHandlers(app: Pick<MockCrm, 'handle'>, baseUrl: string): HttpHandler[] {
  return toMswHandlers((req) => app.handle(req), baseUrl);
}
