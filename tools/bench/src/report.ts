/**
 * Benchmark results: one row per bar of docs (quality-bars P1–P7), written as JSON plus a Markdown
 * table. Ratios are always taken between figures measured in the same run.
 */
export interface BarResult {
  id: string;
  what: string;
  figure: string;
  target: string;
  /** figure / target (or figure / ceiling where the bar is a ratio to a ceiling), when meaningful. */
  ratio: number | null;
  pass: boolean | null;
  notes?: string;
  raw?: Record<string, unknown>;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: { node: string; cpus: number; platform: string };
  bars: BarResult[];
}

const verdict = (pass: boolean | null) => (pass === null ? 'n/a' : pass ? 'pass' : 'FAIL');

export function markdownTable(report: BenchReport): string {
  const header = '| bar | what | figure | target | ratio | result |\n|---|---|---|---|---|---|';
  const rows = report.bars.map(
    (b) =>
      `| ${b.id} | ${b.what} | ${b.figure} | ${b.target} | ${b.ratio === null ? '—' : b.ratio.toFixed(2)} | ${verdict(b.pass)} |`,
  );
  const notes = report.bars
    .filter((b) => b.notes)
    .map((b) => `- ${b.id}: ${b.notes}`)
    .join('\n');
  return [
    `Run ${report.startedAt} → ${report.finishedAt}${report.quick ? ' (quick)' : ''}, Node ${report.machine.node}, ${report.machine.cpus} cores.`,
    '',
    header,
    ...rows,
    '',
    notes,
  ].join('\n');
}

/** Median and spread (min–max) of repeated measurements. */
export function summarize(samples: number[]): { median: number; min: number; max: number } {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Percentile by nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
