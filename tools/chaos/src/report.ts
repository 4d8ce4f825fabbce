/** One row of the reliability table (quality bars R1–R5). */
export interface ReliabilityRow {
  id: 'R1' | 'R2' | 'R3' | 'R4' | 'R5';
  what: string;
  counts: string;
  pass: boolean;
  notes?: string[];
}

export interface ReliabilityReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  seed: number;
  rows: ReliabilityRow[];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The table printed by `npm run chaos` and written to bench-results/reliability-latest.md. */
export function reliabilityMarkdown(report: ReliabilityReport): string {
  const lines = [
    `# Reliability and security (R1–R5)`,
    '',
    `Run ${report.startedAt} → ${report.finishedAt}${report.quick ? ' (quick)' : ''}, seed ${report.seed}.`,
    '',
    '| bar | what ran | counts | result |',
    '|---|---|---|---|',
    ...report.rows.map(
      (r) => `| ${r.id} | ${cell(r.what)} | ${cell(r.counts)} | ${r.pass ? 'pass' : 'FAIL'} |`,
    ),
  ];
  const notes = report.rows.flatMap((r) => (r.notes ?? []).map((n) => `- ${r.id}: ${n}`));
  if (notes.length > 0) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}
