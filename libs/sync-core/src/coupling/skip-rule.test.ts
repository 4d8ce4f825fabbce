import { describe, expect, it } from 'vitest';
import {
  noErrors,
  stateAfterError,
  unchangedSinceSync,
  type Coupling,
  type ErrorKind,
} from './coupling';
import { afterError } from './skip-rule';

/** Whether the same error, repeated, marks the coupling Skipped: a missing kind does not compile. */
const skipsWhenRepeated: Record<ErrorKind, boolean> = {
  validation: true,
  conflict: true,
  deleted: true,
  unknown: true,
  'concurrent-edit': false,
  throttled: false,
  timeout: false,
  server: false,
  transport: false,
  auth: false,
};

describe('the skip rule', () => {
  it.each(Object.entries(skipsWhenRepeated) as [ErrorKind, boolean][])(
    'a repeated %s error marks the coupling Skipped: %s',
    (kind, skips) => {
      const transient = ['throttled', 'timeout', 'server', 'transport'].includes(kind);
      const first = afterError({ attempts: 0, lastErrorKind: null }, { kind, transient });
      expect(first).toEqual({ attempts: 1, skipped: false });
      const second = afterError({ attempts: 1, lastErrorKind: kind }, { kind, transient });
      expect(second).toEqual({ attempts: 2, skipped: skips });
    },
  );

  it('a permanent error reported as transient (e.g. a 503 on a validation) never skips', () => {
    expect(
      afterError(
        { attempts: 5, lastErrorKind: 'validation' },
        { kind: 'validation', transient: true },
      ),
    ).toEqual({ attempts: 6, skipped: false });
  });

  it('a different permanent error after another does not skip yet', () => {
    expect(
      afterError(
        { attempts: 1, lastErrorKind: 'conflict' },
        { kind: 'validation', transient: false },
      ),
    ).toEqual({ attempts: 2, skipped: false });
  });

  it('the number of repeats before Skipped is configurable', () => {
    const rule = { repeatsToSkip: 3 };
    const error = { kind: 'conflict' as const, transient: false };
    expect(afterError({ attempts: 1, lastErrorKind: 'conflict' }, error, rule).skipped).toBe(false);
    expect(afterError({ attempts: 2, lastErrorKind: 'conflict' }, error, rule).skipped).toBe(true);
  });

  it('the state after an error names conflicts and deletions, and Skipped wins', () => {
    expect(stateAfterError('conflict', null, false)).toBe('conflict');
    expect(stateAfterError('deleted', 'crm', false)).toBe('deleted-in-crm');
    expect(stateAfterError('validation', null, false)).toBe('failed');
    expect(stateAfterError('deleted', 'erp', true)).toBe('skipped');
  });

  it('a record whose version equals the last-synced one needs no compare', () => {
    const c: Coupling = {
      id: 'k',
      mappingId: 'm',
      erpId: 'e',
      crmId: 'c',
      state: 'coupled',
      base: {},
      baseHash: null,
      erpVersion: 'W/"1"',
      crmVersion: null,
      lastResult: { toCrm: null, toErp: null },
      errors: noErrors,
    };
    expect(unchangedSinceSync(c, 'erp', 'W/"1"')).toBe(true);
    expect(unchangedSinceSync(c, 'erp', 'W/"2"')).toBe(false);
    expect(unchangedSinceSync(c, 'crm', 'W/"1"')).toBe(false);
  });
});
