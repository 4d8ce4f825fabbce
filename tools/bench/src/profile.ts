import { Session } from 'node:inspector/promises';

/** The V8 CPU profile format (what Chrome DevTools loads from a `.cpuprofile` file). */
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  /** Microseconds between consecutive samples. */
  timeDeltas?: number[];
}

export interface HotSpot {
  /** `function (file:line)` or a V8 pseudo-frame like `(garbage collector)`. */
  name: string;
  selfMs: number;
  /** Share of all sampled time, 0–100. */
  selfPercent: number;
}

/** Runs `fn` under the V8 CPU profiler of this process (node:inspector) and returns its profile. */
export async function profiled<T>(
  fn: () => Promise<T>,
  samplingIntervalUs = 1000,
): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await session.post('Profiler.start');
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await fn() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.value, profile };
  } finally {
    session.disconnect();
  }
}

/** Shortens a script URL to its path inside the workspace or node_modules. */
export function shortLocation(url: string): string {
  if (url === '' || url.startsWith('node:')) return url;
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const match = /\/((?:apps|libs|tools)\/.*)$/.exec(path);
  return match ? match[1]! : (path.split('/').slice(-2).join('/') ?? path);
}

function frameName(node: CpuProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const fn = functionName || '(anonymous)';
  if (url === '') return fn;
  return `${fn} (${shortLocation(url)}:${lineNumber + 1})`;
}

/**
 * Self time per function (frames of the same function at the same place are summed), largest
 * first. Uses sample time deltas when present, otherwise hit counts × the mean interval.
 */
export function topFunctions(profile: CpuProfile, limit = 15): HotSpot[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  const add = (node: CpuProfileNode | undefined, us: number) => {
    if (!node || us <= 0) return;
    const name = frameName(node);
    selfUs.set(name, (selfUs.get(name) ?? 0) + us);
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0 && deltas.length === samples.length) {
    // timeDeltas[i] is the time before sample i; the time after the last sample is unknown.
    for (let i = 0; i < samples.length; i++) add(byId.get(samples[i]!), deltas[i + 1] ?? 0);
  } else {
    const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
    const interval = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
    for (const node of profile.nodes) add(node, (node.hitCount ?? 0) * interval);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  return [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({
      name,
      selfMs: us / 1000,
      selfPercent: total > 0 ? (us / total) * 100 : 0,
    }));
}

/** Self time per package or workspace project, largest first (which layer the time goes to). */
export function topModules(profile: CpuProfile, limit = 10): HotSpot[] {
  const perFrame = topFunctions(profile, Number.MAX_SAFE_INTEGER);
  const byModule = new Map<string, number>();
  for (const spot of perFrame) {
    const where = /\(([^()]*):\d+\)$/.exec(spot.name)?.[1];
    let module = '(V8 / native)';
    if (where) {
      const parts = where.split('/');
      if (parts[0] === 'apps' || parts[0] === 'libs' || parts[0] === 'tools')
        module = parts.slice(0, 2).join('/');
      else if (parts[0]?.startsWith('@')) module = parts.slice(0, 2).join('/');
      else if (parts[0]?.startsWith('node:')) module = 'node internals';
      else module = parts[0] ?? where;
    }
    byModule.set(module, (byModule.get(module) ?? 0) + spot.selfMs);
  }
  const total = [...byModule.values()].reduce((a, b) => a + b, 0);
  return [...byModule.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, selfMs: ms, selfPercent: total > 0 ? (ms / total) * 100 : 0 }));
}
