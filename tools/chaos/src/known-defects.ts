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

/** Empty today: erp-service-root-any-method and crash-stale-base were fixed (their tests stay). */
export const knownDefects: readonly KnownDefect[] = [];
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
