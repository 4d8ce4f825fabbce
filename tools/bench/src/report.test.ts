import { describe, expect, it } from 'vitest';
import {
  cell,
  formatCount,
  formatMs,
  formatRatio,
  formatSpread,
  markdownTable,
  percentile,
  summarize,
  type BenchReport,
} from './report';

const report = (over: Partial<BenchReport> = {}): BenchReport => ({
  startedAt: 'a',
  finishedAt: 'b',
  quick: true,
  machine: { node: 'v20', cpus: 2, platform: 'linux' },
  bars: [
    {
      id: 'P3',
      what: 'decisions/s',
      figure: '600000/s',
      target: '≥ 500000/s',
      ratio: 1.2,
      pass: true,
    },
    {
      id: 'P5',
      what: 'peak RSS',
      figure: '400 MB',
      target: '≤ 300 MB',
      ratio: 1.33,
      pass: false,
    },
  ],
  ...over,
});

describe('benchmark statistics', () => {
  it('takes the median of an even number of samples as the mean of the middle two', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('takes the middle sample as the median of an odd number of samples', () => {
    expect(summarize([9, 1, 5])).toEqual({ median: 5, min: 1, max: 9 });
  });

  it('refuses to summarize no samples', () => {
    expect(() => summarize([])).toThrow(/no samples/);
    expect(() => percentile([], 50)).toThrow(/no samples/);
  });

  it('finds percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([3, 1, 2], 100)).toBe(3);
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('benchmark report', () => {
  it('writes one table row per bar with its verdict', () => {
    const table = markdownTable(report());
    expect(table).toContain('| P3 | decisions/s | 600000/s | ≥ 500000/s | — | 1.20 | pass |');
    expect(table).toContain('| P5 | peak RSS | 400 MB | ≤ 300 MB | — | 1.33 | FAIL |');
  });

  it('states the machine load at the start and end of the run', () => {
    const table = markdownTable(
      report({ machine: { node: 'v20', cpus: 2, platform: 'linux', loadAverage: [1.25, 3] } }),
    );
    expect(table).toContain('2 cores, linux, 1-min load average 1.3 → 3.0.');
  });

  it('says which variant ran and what it measured', () => {
    expect(markdownTable(report())).toContain('(quick variant)');
    const full = markdownTable(report({ quick: false, variant: 'full — 100k customers' }));
    expect(full).toContain('(full variant)');
    expect(full).toContain('Variant: full — 100k customers');
  });

  it('shows the ceiling measured in the same run and n/a for a bar with no figure', () => {
    const table = markdownTable(
      report({
        bars: [
          {
            id: 'P1',
            what: 'sync',
            figure: '1,500 rec/s',
            target: '≥ 60 %',
            baseline: 'raw ceiling 3,000 rec/s',
            ratio: 0.5,
            pass: false,
            notes: 'profile in p1.cpuprofile',
          },
          {
            id: 'P7',
            what: 'latency',
            figure: 'not built',
            target: 'p95 ≤ 5 s',
            ratio: null,
            pass: null,
          },
        ],
      }),
    );
    expect(table).toContain(
      '| P1 | sync | 1,500 rec/s | ≥ 60 % | raw ceiling 3,000 rec/s | 0.50 | FAIL |',
    );
    expect(table).toContain('| P7 | latency | not built | p95 ≤ 5 s | — | — | n/a |');
    expect(table).toContain('- P1: profile in p1.cpuprofile');
  });

  it('keeps a bar on one row when a cell holds a pipe or a line break', () => {
    expect(cell('a | b\n  c')).toBe('a \\| b c');
  });

  it('formats ratios, counts, durations and spreads for reading', () => {
    expect(formatRatio(null)).toBe('—');
    expect(formatRatio(Number.NaN)).toBe('—');
    expect(formatRatio(0.456)).toBe('0.46');
    expect(formatRatio(250.4)).toBe('250');
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatMs(4.567)).toBe('4.57 ms');
    expect(formatMs(850.2)).toBe('850 ms');
    expect(formatMs(3210)).toBe('3.21 s');
    expect(formatMs(45_600)).toBe('45.6 s');
    expect(formatSpread([30, 10, 20], (n) => `${n}`)).toBe('20 (10–30, n=3)');
    expect(formatSpread([7], (n) => `${n}`)).toBe('7');
  });
});
