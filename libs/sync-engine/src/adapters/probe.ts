import type { AppProbeResult } from '../ports';
import { toAppError } from './app-errors';

/**
 * One authenticated read: a 404 (or any answer) proves connectivity and auth; a 401/403 is an auth
 * finding; a transport failure is a connectivity finding. Explained in plain words.
 */
export async function probeApp(
  name: string,
  baseUrl: string,
  read: () => Promise<unknown>,
  now: () => number = Date.now,
): Promise<AppProbeResult> {
  const started = now();
  try {
    await read();
    return { stage: 'ok', baseUrl, latencyMs: now() - started, message: `${name} answered` };
  } catch (error) {
    const e = toAppError(error);
    const latencyMs = now() - started;
    if (e.kind === 'auth') {
      return {
        stage: 'auth',
        baseUrl,
        latencyMs,
        message: `${name} answered ${e.status}: the token was refused (${e.message})`,
      };
    }
    if (e.kind === 'transport' || e.kind === 'unknown' || e.kind === 'throttled') {
      return {
        stage: 'connectivity',
        baseUrl,
        latencyMs: null,
        message: `${name} at ${baseUrl} could not be reached: ${e.message}`,
      };
    }
    return { stage: 'ok', baseUrl, latencyMs, message: `${name} answered` };
  }
}
