import type { ActionResponse } from '../api/types';
import { actionLabels, type BulkActionType } from './action-kinds';

export interface ResultToast {
  severity: 'success' | 'warn' | 'error';
  summary: string;
  /** One line per failed or skipped record (at most `maxLines`), then how many more. */
  detail: string;
}

/**
 * The toast after an action: counts, and every per-record failure by name when the portal knows
 * it (`names` maps error ids to "C10001 Adatum" labels).
 */
export function summarizeResult(
  type: BulkActionType,
  response: ActionResponse,
  names: ReadonlyMap<string, string>,
  maxLines = 12,
): ResultToast {
  const label = actionLabels[type];
  const parts = [`${response.succeeded} succeeded`];
  if (response.failed) parts.push(`${response.failed} failed`);
  if (response.skipped) parts.push(`${response.skipped} skipped`);
  const problems = response.outcomes.filter((o) => o.status !== 'succeeded');
  const lines = problems.slice(0, maxLines).map((o) => {
    const who = (o.errorId && names.get(o.errorId)) ?? o.errorId ?? o.couplingId ?? 'a record';
    return `${o.status === 'failed' ? '✗' : '–'} ${who}: ${o.message ?? o.status}`;
  });
  const hidden = Math.max(response.failed + response.skipped - lines.length, 0);
  if (hidden > 0) lines.push(`… and ${hidden} more (see the job's errors)`);
  return {
    severity: response.failed > 0 ? (response.succeeded > 0 ? 'warn' : 'error') : 'success',
    summary: `${label}: ${parts.join(', ')} of ${response.total}`,
    detail: lines.join('\n'),
  };
}
