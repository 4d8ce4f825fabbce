/**
 * Defects found by this suite in other projects, not fixed yet. Each has an `it.fails` regression
 * test (in `known-defects.test.ts` or next to the scenario that found it) that starts passing — and
 * so fails CI as `it.fails` — the day the owner fixes it; then delete the entry and the `.fails`.
 */
export interface KnownDefect {
  id: string;
  project: string;
  summary: string;
  /** Matches fuzz findings caused by this defect (so the tally can tell new from known). */
  matches(finding: { method: string; path: string; status: number | string }): boolean;
}

export const knownDefects: readonly KnownDefect[] = [
  {
    id: 'erp-service-root-any-method',
    project: 'apps/mock-erp',
    summary:
      'POST/PUT/PATCH/DELETE on the service document (/api/v2.0/) and $metadata answer 200 instead of 405 (http/api-routes.ts ignores the method for these targets).',
    matches: (f) =>
      f.method !== 'GET' &&
      typeof f.status === 'number' &&
      f.status < 300 &&
      /^\/api\/v2\.0\/+(\$metadata\/*)?(\?.*)?$/.test(f.path),
  },
  {
    id: 'crash-stale-base',
    project: 'libs/sync-engine',
    summary:
      'After a worker dies between a batch\'s app writes and its commit (SIGKILL in R1, the afterWrites seam in src/crash-rebaseline.test.ts), the restarted sync makes both apps agree but leaves the coupling base (and/or recorded versions) behind; the next edit in ONE app is then raised as a false conflict "Both apps changed <field> since the last sync" and not synced. In the long R1 run every kill shortly after start left one batch (200 records) in this state.',
    matches: () => false,
  },
];

/** The known defect a finding is explained by, if any. */
export function knownDefectOf(finding: {
  method: string;
  path: string;
  status: number | string;
}): KnownDefect | undefined {
  // Match on the path the server saw: fetch drops the fragment and resolves dot segments.
  let path = finding.path;
  try {
    const url = new URL(finding.path, 'http://server.invalid');
    path = url.pathname + url.search;
  } catch {
    // keep it as sent
  }
  return knownDefects.find((d) => d.matches({ ...finding, path }));
}
