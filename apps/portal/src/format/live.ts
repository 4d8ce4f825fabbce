import type { LiveMappingStatus, LiveStatus } from '../api/types';

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function clock(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString() : 'none yet';
}

/** One line on a mapping's card: is it live, how far behind, and when a change was last noticed. */
export function liveSummary(
  status: LiveStatus | null,
  mapping: LiveMappingStatus | undefined,
  mode: string,
): string {
  if (mode !== 'live') return 'Scheduled: changes wait for the next scheduled or manual run.';
  if (!status) return 'Live status unknown (not loaded).';
  if (!status.running) return 'Live sync is switched off on this server; the schedule still runs.';
  if (!mapping?.live) return 'Live mode chosen, not live right now (paused or starting).';
  const problems = [mapping.erpSubscription?.error, mapping.crmPolling.error].filter(Boolean);
  const parts = [
    mapping.queued > 0
      ? `${mapping.queued} change${mapping.queued === 1 ? '' : 's'} waiting, lag ${seconds(mapping.lagMs)}`
      : 'up to date',
    `last change noticed ${clock(mapping.lastNotificationAt)}`,
    ...(mapping.syncLagP95Ms === null
      ? []
      : [`p95 ${seconds(mapping.syncLagP95Ms)} to the other app`]),
    ...problems.map((p) => `problem: ${p}`),
  ];
  return `Live: ${parts.join(' · ')}`;
}
