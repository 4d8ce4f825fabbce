/**
 * Benchmark results: one row per bar of docs (quality-bars P1–P7), written as JSON plus a Markdown
 * table. Ratios are always taken between figures measured in the same run.
 */
export interface BarResult {
  id: string;
  what: string;
  /** The measured figure, or `not available: <reason>` / `not built` when nothing was measured. */
  figure: string;
  target: string;
  /** The ceiling or baseline the ratio is taken against, measured in the same run ('' if none). */
  baseline?: string;
  /** figure / ceiling or baseline where the bar names one, else figure / target; null if none. */
  ratio: number | null;
  pass: boolean | null;
  notes?: string;
  raw?: Record<string, unknown>;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  /** What the variant ran (volumes and repetitions), in words. */
  variant?: string;
  /** loadAverage: the 1-minute load average at the start and at the end of the run. */
  machine: { node: string; cpus: number; platform: string; loadAverage?: [number, number] };
  bars: BarResult[];
}

const verdict = (pass: boolean | null) => (pass === null ? 'n/a' : pass ? 'pass' : 'FAIL');

/** A table cell: pipes escaped and line breaks flattened so one bar stays one row. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(2);
}

export function markdownTable(report: BenchReport): string {
  const header =
    '| bar | what | figure | target | ceiling / baseline (same run) | ratio | result |\n' +
    '|---|---|---|---|---|---|---|';
  const rows = report.bars.map((b) =>
    [
      '',
      b.id,
      cell(b.what),
      cell(b.figure),
      cell(b.target),
      cell(b.baseline ?? '') || '—',
      formatRatio(b.ratio),
      verdict(b.pass),
      '',
    ]
      .join(' | ')
      .trim(),
  );
  const notes = report.bars.filter((b) => b.notes).map((b) => `- ${b.id}: ${b.notes}`);
  const variant = report.quick ? 'quick variant' : 'full variant';
  return [
    `Run ${report.startedAt} → ${report.finishedAt} (${variant}), Node ${report.machine.node}, ` +
      `${report.machine.cpus} cores, ${report.machine.platform}` +
      (report.machine.loadAverage
        ? `, 1-min load average ${report.machine.loadAverage.map((l) => l.toFixed(1)).join(' → ')}.`
        : '.'),
    ...(report.variant ? ['', `Variant: ${report.variant}`] : []),
    '',
    header,
    ...rows,
    '',
    'ratio = figure ÷ ceiling (P1), 200k time ÷ 2k time (P2), else figure ÷ target.',
    ...(notes.length ? ['', ...notes] : []),
    '',
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
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** `1,234` style grouping, no decimals. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Milliseconds in a short human form: `850 ms`, `3.2 s`. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** `median (min–max)` of repeated wall-clock samples. */
export function formatSpread(samples: number[], format: (n: number) => string): string {
  const s = summarize(samples);
  return samples.length === 1
    ? format(s.median)
    : `${format(s.median)} (${format(s.min)}–${format(s.max)}, n=${samples.length})`;
}
