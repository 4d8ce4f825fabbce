import { describe, expect, it } from 'vitest';
import { BenchUsageError, barIds, parseOptions } from './options';

describe('bench command line', () => {
  it('runs every bar in the full variant into bench-results when given no arguments', () => {
    expect(parseOptions([])).toEqual({
      quick: false,
      only: [...barIds],
      outDir: 'bench-results',
      help: false,
    });
  });

  it('selects the quick variant with --quick', () => {
    expect(parseOptions(['--quick']).quick).toBe(true);
  });

  it('keeps only the bars named by --only, in table order, ignoring case and duplicates', () => {
    expect(parseOptions(['--only', 'p3,P1, P3']).only).toEqual(['P1', 'P3']);
    expect(parseOptions(['--only=P6']).only).toEqual(['P6']);
  });

  it('refuses an unknown bar and names the known ones', () => {
    expect(() => parseOptions(['--only', 'P1,P9'])).toThrow(
      /unknown bar "P9" \(known: P1, P2, P3, P4, P4PG, P5, P6, P7, R6, R6N\)/,
    );
  });

  it('refuses --only without a list', () => {
    expect(() => parseOptions(['--only'])).toThrow(BenchUsageError);
    expect(() => parseOptions(['--only', ','])).toThrow(/at least one bar/);
  });

  it('takes the results folder from --out and refuses a missing one', () => {
    expect(parseOptions(['--out', 'tmp/results']).outDir).toBe('tmp/results');
    expect(() => parseOptions(['--out'])).toThrow(/--out needs a directory/);
    expect(() => parseOptions(['--out', '--quick'])).toThrow(/--out needs a directory/);
  });

  it('refuses an unknown argument with the usage text', () => {
    expect(() => parseOptions(['--fast'])).toThrow(/unknown argument "--fast"[\s\S]*Usage:/);
  });
});
