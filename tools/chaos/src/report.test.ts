import { describe, expect, it } from 'vitest';
import { reliabilityMarkdown } from './report';

describe('reliability table', () => {
  it('prints one row per bar with its verdict, escaping pipes, and the notes below', () => {
    const text = reliabilityMarkdown({
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      quick: true,
      seed: 7,
      rows: [
        { id: 'R1', what: 'kill -9 | restart', counts: '3/3 converged', pass: true },
        { id: 'R4', what: 'fuzz', counts: '1 5xx', pass: false, notes: ['GET /x → 500'] },
      ],
    });
    expect(text).toContain('(quick), seed 7');
    expect(text).toContain('| R1 | kill -9 \\| restart | 3/3 converged | pass |');
    expect(text).toContain('| R4 | fuzz | 1 5xx | FAIL |');
    expect(text).toContain('- R4: GET /x → 500');
  });
});
