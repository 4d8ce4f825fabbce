import type { ApiDeps } from '../context';
import type { MappingView } from '../outputs/mappings';
import type { AppProbe, MappingDefinition, SchedulerStatus } from '../ports';

export type FindingSeverity = 'ok' | 'warning' | 'problem';

export interface Finding {
  /** Stable id of the check, e.g. `connectivity.erp`, `mapping.paused`. */
  check: string;
  severity: FindingSeverity;
  mappingId: string | null;
  /** One plain-language sentence: what is wrong (or that it is fine) and what to do. */
  message: string;
}

const appName = { erp: 'the ERP', crm: 'the CRM' } as const;

export function probeFinding(probe: AppProbe): Finding {
  const app = appName[probe.app];
  switch (probe.stage) {
    case 'ok':
      return {
        check: `connectivity.${probe.app}`,
        severity: 'ok',
        mappingId: null,
        message: `${app} at ${probe.baseUrl} answers and accepts our credentials.`,
      };
    case 'auth':
      return {
        check: `auth.${probe.app}`,
        severity: 'problem',
        mappingId: null,
        message: `${app} at ${probe.baseUrl} is reachable but refuses our credentials (${probe.message}); nothing can sync until the token is fixed.`,
      };
    case 'connectivity':
      return {
        check: `connectivity.${probe.app}`,
        severity: 'problem',
        mappingId: null,
        message: `${app} at ${probe.baseUrl} cannot be reached (${probe.message}); check the URL and that the app is running.`,
      };
  }
}

export function schedulerFinding(status: SchedulerStatus, now: Date): Finding {
  if (!status.running) {
    return {
      check: 'scheduler',
      severity: 'problem',
      mappingId: null,
      message:
        'The scheduler is not running, so no scheduled sync starts; restart the sync server.',
    };
  }
  const overdue =
    status.lastTickAt && status.intervalMs
      ? now.getTime() - status.lastTickAt.getTime() > 3 * status.intervalMs
      : false;
  return overdue
    ? {
        check: 'scheduler',
        severity: 'warning',
        mappingId: null,
        message: `The scheduler runs but last started work at ${status.lastTickAt?.toISOString()}, more than three intervals ago; it may be stuck.`,
      }
    : { check: 'scheduler', severity: 'ok', mappingId: null, message: 'The scheduler is running.' };
}

export function mappingFindings(
  mapping: MappingView,
  watermarks: ReadonlyArray<{ side: string; updatedAt: string }>,
  deps: Pick<ApiDeps, 'clock' | 'settings'>,
  /** The engine's mapping definitions, or null when the engine does not say. */
  definitions: ReadonlyMap<string, MappingDefinition> | null = null,
): Finding[] {
  const findings: Finding[] = [];
  const id = mapping.id;
  const name = `Mapping "${mapping.name}"`;
  if (definitions && !definitions.has(id)) {
    findings.push({
      check: 'mapping.unknown',
      severity: 'problem',
      mappingId: id,
      message: `${name} is in the store but the sync engine has no definition for it, so it never syncs; remove it or deploy the engine that defines it.`,
    });
  } else if (definitions && mapping.fieldMappings.length === 0) {
    findings.push({
      check: 'mapping.invalid',
      severity: 'problem',
      mappingId: id,
      message: `${name} maps no fields, so there is nothing to sync; add field mappings.`,
    });
  }
  if (mapping.paused) {
    findings.push({
      check: 'mapping.paused',
      severity: 'warning',
      mappingId: id,
      message: `${name} is paused${mapping.pausedReason ? ` (${mapping.pausedReason})` : ''}; none of its records sync until an admin resumes it.`,
    });
  }
  const threshold = mapping.errorThreshold ?? deps.settings.errorPileUpThreshold;
  if (mapping.openErrors > threshold) {
    findings.push({
      check: 'errors.pileUp',
      severity: 'problem',
      mappingId: id,
      message: `${name} has ${mapping.openErrors} open errors, over its threshold of ${threshold}; resolve or dismiss them.`,
    });
  }
  if (!mapping.paused) {
    const now = deps.clock().getTime();
    for (const w of watermarks) {
      const age = now - Date.parse(w.updatedAt);
      if (age > deps.settings.staleWatermarkMs) {
        findings.push({
          check: 'watermark.stale',
          severity: 'warning',
          mappingId: id,
          message: `${name} last advanced its ${w.side.toUpperCase()} watermark ${Math.round(age / 60_000)} minutes ago; its syncs are not completing.`,
        });
      }
    }
    if (watermarks.length === 0) {
      findings.push({
        check: 'watermark.missing',
        severity: 'warning',
        mappingId: id,
        message: `${name} has never completed a sync; start one from the jobs page.`,
      });
    }
  }
  return findings;
}
