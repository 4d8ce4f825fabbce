/** The bars of ../shared/docs/quality-bars.md this harness knows. */
export const barIds = ['P1', 'P2', 'P3', 'P4', 'P4PG', 'P5', 'P6', 'P7', 'R6', 'R6N'] as const;
export type BarId = (typeof barIds)[number];

export interface BenchOptions {
  /** The few-minute variant: smaller volumes, fewer repetitions. */
  quick: boolean;
  /** The bars to run, in table order. */
  only: BarId[];
  /** Where results are written (relative to the working directory). */
  outDir: string;
  help: boolean;
}

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

export const usage = `Usage: npm run bench -- [--quick] [--only P1,P3] [--out DIR]

  --quick        a few-minute variant (smaller volumes, fewer repetitions; the table says so)
  --only LIST    run only these bars (comma-separated ids, ${barIds.join(' ')})
  --out DIR      write results there instead of bench-results/
  --help         this text`;

function parseOnly(value: string | undefined): BarId[] {
  if (value === undefined || value.trim() === '')
    throw new BenchUsageError(`--only needs a list of bars, e.g. --only P1,P3`);
  const wanted = new Set<BarId>();
  for (const part of value.split(',')) {
    const id = part.trim().toUpperCase();
    if (id === '') continue;
    if (!(barIds as readonly string[]).includes(id))
      throw new BenchUsageError(
        `--only: unknown bar "${part.trim()}" (known: ${barIds.join(', ')})`,
      );
    wanted.add(id as BarId);
  }
  if (wanted.size === 0) throw new BenchUsageError(`--only needs at least one bar`);
  return barIds.filter((id) => wanted.has(id));
}

/** Parses the command line (arguments after the script name). */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    only: [...barIds],
    outDir: 'bench-results',
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--only':
        options.only = parseOnly(value());
        break;
      case '--out': {
        const dir = value();
        if (!dir || dir.startsWith('--')) throw new BenchUsageError('--out needs a directory');
        options.outDir = dir;
        break;
      }
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new BenchUsageError(`unknown argument "${arg}"\n\n${usage}`);
    }
  }
  return options;
}
