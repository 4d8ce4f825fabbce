import { describe, expect, it } from 'vitest';
import type { ActionResponse } from '../api/types';
import { summarizeResult } from './summarize-result';

function response(over: Partial<ActionResponse>): ActionResponse {
  return {
    jobId: 'job-1',
    jobIds: ['job-1'],
    total: 0,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    outcomes: [],
    outcomesTruncated: false,
    ...over,
  };
}

describe('the toast after an action', () => {
  it('is a success with the count when every record went through', () => {
    const toast = summarizeResult('retry', response({ total: 5, succeeded: 5 }), new Map());
    expect(toast).toEqual({ severity: 'success', summary: 'Retry: 5 succeeded of 5', detail: '' });
  });

  it('lists each failed or skipped record by its name, with the reason', () => {
    const toast = summarizeResult(
      'removeCoupling',
      response({
        total: 3,
        succeeded: 1,
        failed: 1,
        skipped: 1,
        outcomes: [
          { couplingId: 'c1', errorId: 'e1', status: 'failed', message: 'CRM answered 503' },
          {
            couplingId: null,
            errorId: 'e9',
            status: 'skipped',
            message: 'error e9 does not exist',
          },
        ],
      }),
      new Map([['e1', 'C10000 Adatum']]),
    );
    expect(toast.severity).toBe('warn');
    expect(toast.summary).toBe('Remove coupling: 1 succeeded, 1 failed, 1 skipped of 3');
    expect(toast.detail).toBe('✗ C10000 Adatum: CRM answered 503\n– e9: error e9 does not exist');
  });

  it('says how many more failures there are beyond the lines it shows', () => {
    const outcomes = Array.from({ length: 20 }, (_, i) => ({
      couplingId: `c${i}`,
      errorId: `e${i}`,
      status: 'failed' as const,
      message: 'refused',
    }));
    const toast = summarizeResult(
      'delete',
      response({ total: 500, failed: 500, outcomes, outcomesTruncated: true }),
      new Map(),
      3,
    );
    expect(toast.severity).toBe('error');
    expect(toast.detail.split('\n')).toHaveLength(4);
    expect(toast.detail).toContain("… and 497 more (see the job's errors)");
  });
});
