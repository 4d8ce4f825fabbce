import { BadRequestError, MethodNotAllowedError, ResourceNotFoundError } from '../errors';
import { jsonResponse } from './responses';

/** The programmatic controls the `/_mock/` HTTP routes expose. */
export interface ControlPort {
  reset(): Promise<void>;
  seed(count: number, seed: number, companyId?: string): Promise<unknown>;
  editAsUser(entitySet: string, id: string, patch: unknown, companyId?: string): Promise<unknown>;
  deleteAsUser(entitySet: string, id: string, companyId?: string): Promise<void>;
  setFaults(faults: unknown): unknown;
  setLimits(limits: unknown): unknown;
  counters(): unknown;
  deletedSince(since: string, filter: { companyId?: string; entitySet?: string }): Promise<unknown>;
}

function obj(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function str(body: Record<string, unknown>, name: string, required: true): string;
function str(body: Record<string, unknown>, name: string, required: false): string | undefined;
function str(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = body[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '')
    throw new BadRequestError(`'${name}' must be a non-empty string.`);
  return v;
}

function int(body: Record<string, unknown>, name: string, min: number, max: number): number {
  const v = body[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new BadRequestError(`'${name}' must be an integer from ${min} to ${max}.`);
  }
  return v;
}

async function body(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  return obj(text.trim() === '' ? {} : (JSON.parse(text) as unknown));
}

/** `/_mock/...`: test and demo controls (same bearer auth as the API). */
export async function controlRoute(
  controls: ControlPort,
  req: Request,
  url: URL,
): Promise<Response> {
  const name = url.pathname.replace(/^\/_mock\/?/, '').replace(/\/+$/, '');
  const route = `${req.method} ${name}`;
  switch (route) {
    case 'POST reset':
      await controls.reset();
      return jsonResponse(200, { ok: true });
    case 'POST seed': {
      const b = await body(req);
      const result = await controls.seed(
        int(b, 'count', 0, 1_000_000),
        int(b, 'seed', 0, 2 ** 32 - 1),
        str(b, 'companyId', false),
      );
      return jsonResponse(200, result);
    }
    case 'POST edit': {
      const b = await body(req);
      const record = await controls.editAsUser(
        str(b, 'entitySet', true),
        str(b, 'id', true),
        b['patch'],
        str(b, 'companyId', false),
      );
      return jsonResponse(200, record);
    }
    case 'POST delete': {
      const b = await body(req);
      await controls.deleteAsUser(
        str(b, 'entitySet', true),
        str(b, 'id', true),
        str(b, 'companyId', false),
      );
      return jsonResponse(200, { ok: true });
    }
    case 'PUT faults':
      return jsonResponse(200, controls.setFaults(await body(req)));
    case 'PUT limits':
      return jsonResponse(200, controls.setLimits(await body(req)));
    case 'GET counters':
      return jsonResponse(200, controls.counters());
    case 'GET deleted': {
      const since = url.searchParams.get('since') ?? '1970-01-01T00:00:00.000Z';
      const parsed = new Date(since);
      if (Number.isNaN(parsed.getTime()))
        throw new BadRequestError(`'since' must be an ISO date-time, got '${since}'.`);
      const filter: { companyId?: string; entitySet?: string } = {};
      const companyId = url.searchParams.get('companyId');
      const entitySet = url.searchParams.get('entitySet');
      if (companyId) filter.companyId = companyId.toLowerCase();
      if (entitySet) filter.entitySet = entitySet;
      return jsonResponse(200, {
        value: await controls.deletedSince(parsed.toISOString(), filter),
      });
    }
    default:
      if (
        ['reset', 'seed', 'edit', 'delete', 'faults', 'limits', 'counters', 'deleted'].includes(
          name,
        )
      ) {
        throw new MethodNotAllowedError(req.method, url.pathname);
      }
      throw new ResourceNotFoundError(url.pathname);
  }
}
