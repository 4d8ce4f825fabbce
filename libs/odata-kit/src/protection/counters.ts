/** Request counters a mock exposes through `GET /_mock/counters`. */
export interface RequestCounters {
  requests: number;
  byStatus: Record<string, number>;
  byMethod: Record<string, number>;
  throttled: number;
  faults: { '429': number; '503': number; drop: number };
}

export function freshCounters(): RequestCounters {
  return {
    requests: 0,
    byStatus: {},
    byMethod: {},
    throttled: 0,
    faults: { '429': 0, '503': 0, drop: 0 },
  };
}

/** Counts one answered request ('dropped' for an injected dropped connection). */
export function countRequest(
  counters: RequestCounters,
  method: string,
  status: number | 'dropped',
): void {
  counters.requests++;
  const key = String(status);
  counters.byStatus[key] = (counters.byStatus[key] ?? 0) + 1;
  counters.byMethod[method] = (counters.byMethod[method] ?? 0) + 1;
}

export function copyCounters(c: RequestCounters): RequestCounters {
  return {
    ...c,
    byStatus: { ...c.byStatus },
    byMethod: { ...c.byMethod },
    faults: { ...c.faults },
  };
}
