import { cpus, loadavg } from 'node:os';
import type { BarContext } from './bars/context';
import { reasonOf } from './bars/context';
import type { BarId, BenchOptions } from './options';
import type { BarResult, BenchReport } from './report';

/** One runner measures one or more bars (P1 and P5 come from the same sync run). */
export interface BarRunner {
  bars: readonly BarId[];
  /** Short labels of the bars, for a row when the runner itself throws. */
  describe: Readonly<Partial<Record<BarId, { what: string; target: string }>>>;
  run(ctx: BarContext, wanted: readonly BarId[]): Promise<BarResult[]>;
}

/** Runs every runner that measures a wanted bar, in order; a runner that throws yields rows that say why. */
export async function runBars(
  runners: readonly BarRunner[],
  options: Pick<BenchOptions, 'quick' | 'only'>,
  ctx: BarContext,
  variant: string,
): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0] ?? 0;
  const rows: BarResult[] = [];
  for (const runner of runners) {
    const wanted = runner.bars.filter((id) => options.only.includes(id));
    if (wanted.length === 0) continue;
    ctx.log(`running ${wanted.join(', ')}…`);
    try {
      const results = await runner.run(ctx, wanted);
      rows.push(...results.filter((r) => (wanted as readonly string[]).includes(r.id)));
    } catch (error) {
      ctx.log(
        `${wanted.join(', ')} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      for (const id of wanted) {
        const d = runner.describe[id] ?? { what: id, target: '' };
        rows.push({
          id,
          ...d,
          figure: `not available: the run failed (${reasonOf(error)})`,
          ratio: null,
          pass: null,
        });
      }
    }
  }
  rows.sort((a, b) => a.id.localeCompare(b.id));
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: options.quick,
    variant,
    machine: {
      node: process.version,
      cpus: cpus().length,
      platform: `${process.platform}-${process.arch}`,
      loadAverage: [loadAtStart, loadavg()[0] ?? 0],
    },
    bars: rows,
  };
}
