import {
  BadRequestError,
  MethodNotAllowedError,
  ResourceNotFoundError,
} from '../errors/odata-errors';
import { jsonResponse, readJsonObject } from '../http/responses';
import type { MockControls } from './mock-app';

export const controlPrefix = '/_mock';

export function isControlPath(pathname: string): boolean {
  return pathname === controlPrefix || pathname.startsWith(`${controlPrefix}/`);
}

function str(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = body[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') {
    throw new BadRequestError(`'${name}' must be a non-empty string.`, 'InvalidControl');
  }
  return v;
}

function int(body: Record<string, unknown>, name: string, min: number, max: number): number {
  const v = body[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new BadRequestError(
      `'${name}' must be an integer from ${min} to ${max}.`,
      'InvalidControl',
    );
  }
  return v;
}

async function body(req: Request): Promise<Record<string, unknown>> {
  const text = await req.clone().text();
  return text.trim() === '' ? {} : readJsonObject(req);
}

export interface ControlRouteOptions {
  /** Body field that scopes seed/edit/delete (mock-erp: 'companyId'); none for mock-crm. */
  scopeField?: string;
  /** Largest seed count accepted (default 1,000,000). */
  maxSeed?: number;
}

/**
 * `/_mock/...` routes (callers check auth first): POST reset, POST seed {count, seed},
 * POST edit {entitySet, id, patch}, POST delete {entitySet, id}, PUT faults, PUT limits,
 * GET counters. Unknown route → 404, wrong method → 405.
 */
export async function controlRoute(
  controls: MockControls,
  req: Request,
  url: URL,
  options: ControlRouteOptions = {},
): Promise<Response> {
  const name = url.pathname.slice(controlPrefix.length).replace(/^\/+|\/+$/g, '');
  const scope = (b: Record<string, unknown>) =>
    options.scopeField === undefined ? undefined : str(b, options.scopeField, false);
  const route = `${req.method} ${name}`;
  switch (route) {
    case 'POST reset':
      await controls.reset();
      return jsonResponse(200, { ok: true });
    case 'POST seed': {
      const b = await body(req);
      const result = await controls.seed(
        int(b, 'count', 0, options.maxSeed ?? 1_000_000),
        int(b, 'seed', 0, 2 ** 32 - 1),
        scope(b),
      );
      return jsonResponse(200, result ?? { ok: true });
    }
    case 'POST edit': {
      const b = await body(req);
      const record = await controls.editAsUser(
        str(b, 'entitySet', true) as string,
        str(b, 'id', true) as string,
        b['patch'],
        scope(b),
      );
      return jsonResponse(200, record ?? { ok: true });
    }
    case 'POST delete': {
      const b = await body(req);
      await controls.deleteAsUser(
        str(b, 'entitySet', true) as string,
        str(b, 'id', true) as string,
        scope(b),
      );
      return jsonResponse(200, { ok: true });
    }
    case 'PUT faults':
      return jsonResponse(200, controls.setFaults(await body(req)));
    case 'PUT limits':
      if (!controls.setLimits) throw new ResourceNotFoundError(url.pathname);
      return jsonResponse(200, controls.setLimits(await body(req)));
    case 'GET counters':
      return jsonResponse(200, controls.counters());
    default:
      if (['reset', 'seed', 'edit', 'delete', 'faults', 'limits', 'counters'].includes(name)) {
        throw new MethodNotAllowedError(req.method, url.pathname);
      }
      throw new ResourceNotFoundError(url.pathname);
  }
}
