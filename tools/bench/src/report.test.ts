import { describe, expect, it } from 'vitest';
import { markdownTable, percentile, summarize } from './report';

describe('benchmark report', () => {
  it('takes the median of an even number of samples as the mean of the middle two', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('finds percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('writes one table row per bar with its verdict', () => {
    const table = markdownTable({
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
    });
    expect(table).toContain('| P3 | decisions/s | 600000/s | ≥ 500000/s | 1.20 | pass |');
    expect(table).toContain('| P5 | peak RSS | 400 MB | ≤ 300 MB | 1.33 | FAIL |');
    expect(table).toContain('(quick)');
  });
});
