/** Where the CLI writes; injected so tests capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether progress bars may be drawn (a TTY, not --json). */
  interactive: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

/** A plain fixed-width table (no colours, so it pipes cleanly). */
export function table(rows: readonly object[], columns: readonly string[]): string {
  if (rows.length === 0) return '(none)';
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return JSON.stringify(v);
  };
  const widths = columns.map((c) =>
    Math.max(c.length, ...rows.map((r) => cell(field(r, c)).length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line([...columns]),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(field(r, c))))),
  ].join('\n');
}

function field(row: object, name: string): unknown {
  return (row as Record<string, unknown>)[name];
}
