import { BadRequestError } from '../errors/odata-errors';

/** Injected faults, as `PUT /_mock/faults` sets them. Rates are probabilities 0..1. */
export interface Faults {
  rate429: number;
  retryAfterSeconds: number;
  rate503: number;
  rateDrop: number;
  /** Added latency per request, drawn uniformly from [min, max] ms. */
  latencyMs: [number, number];
}

export const noFaults: Faults = {
  rate429: 0,
  retryAfterSeconds: 1,
  rate503: 0,
  rateDrop: 0,
  latencyMs: [0, 0],
};

export type FaultKind = 'none' | '429' | '503' | 'drop';
export interface FaultDecision {
  kind: FaultKind;
  latencyMs: number;
}

function rate(body: Record<string, unknown>, name: string, fallback: number): number {
  const v = body[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
    throw new BadRequestError(`'${name}' must be a number from 0 to 1.`, 'InvalidControl');
  }
  return v;
}

/** Validates a faults body; missing fields keep their current value. */
export function parseFaults(body: unknown, current: Faults): Faults {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('The faults must be a JSON object.', 'InvalidControl');
  }
  const b = body as Record<string, unknown>;
  const known = new Set(['rate429', 'retryAfterSeconds', 'rate503', 'rateDrop', 'latencyMs']);
  for (const k of Object.keys(b)) {
    if (!known.has(k)) throw new BadRequestError(`Unknown fault setting '${k}'.`, 'InvalidControl');
  }
  const retry = b['retryAfterSeconds'] ?? current.retryAfterSeconds;
  if (typeof retry !== 'number' || !Number.isInteger(retry) || retry < 0 || retry > 3600) {
    throw new BadRequestError(
      "'retryAfterSeconds' must be an integer from 0 to 3600.",
      'InvalidControl',
    );
  }
  const latency = b['latencyMs'] ?? current.latencyMs;
  if (
    !Array.isArray(latency) ||
    latency.length !== 2 ||
    !latency.every((n) => typeof n === 'number' && n >= 0 && n <= 60_000) ||
    (latency[0] as number) > (latency[1] as number)
  ) {
    throw new BadRequestError(
      "'latencyMs' must be [min, max] with 0 ≤ min ≤ max ≤ 60000.",
      'InvalidControl',
    );
  }
  const faults: Faults = {
    rate429: rate(b, 'rate429', current.rate429),
    retryAfterSeconds: retry,
    rate503: rate(b, 'rate503', current.rate503),
    rateDrop: rate(b, 'rateDrop', current.rateDrop),
    latencyMs: [latency[0] as number, latency[1] as number],
  };
  if (faults.rate429 + faults.rate503 + faults.rateDrop > 1) {
    throw new BadRequestError('rate429 + rate503 + rateDrop must not exceed 1.', 'InvalidControl');
  }
  return faults;
}

/** Draws the fault (if any) for one request. */
export function decideFault(faults: Faults, random: () => number): FaultDecision {
  const [min, max] = faults.latencyMs;
  const latencyMs = max > 0 ? Math.round(min + random() * (max - min)) : 0;
  const roll = random();
  if (roll < faults.rateDrop) return { kind: 'drop', latencyMs };
  if (roll < faults.rateDrop + faults.rate503) return { kind: '503', latencyMs };
  if (roll < faults.rateDrop + faults.rate503 + faults.rate429) return { kind: '429', latencyMs };
  return { kind: 'none', latencyMs };
}

/**
 * The marker a handler returns for a dropped connection: `Response.error()`. The express adapter
 * destroys the socket; msw turns it into a network error (`HttpResponse.error()`).
 */
export function droppedConnection(): Response {
  return Response.error();
}

export function isDroppedConnection(res: Response): boolean {
  return res.type === 'error';
}
