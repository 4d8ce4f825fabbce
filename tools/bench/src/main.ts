import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchUsageError, parseOptions, usage } from './options';
import { markdownTable } from './report';
import { runBars } from './run';
import { runners } from './runners';

function variantOf(quick: boolean): string {
  return quick
    ? 'quick — P1/P5 10k customers ×1 run after a profiled 1k warm-up, P2 2k vs 20k coupled ×3 rounds, P3 1 s of tinybench, P4 20k errors, P6 10k errors ×1, R6 6k customers with 1 then 2 workers ×1 (smaller volumes than the bars name)'
    : 'full — P1/P5 100k customers ×2 runs after a profiled 10k warm-up, P2 2k vs 200k coupled ×5 rounds, P3 4 s of tinybench, P4 100k errors, P6 10k errors ×3, R6 30k customers with 1 then 2 workers ×2';
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchUsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  mkdirSync(options.outDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const stem = options.quick ? `${date}-quick` : date;
  const report = await runBars(
    runners,
    options,
    {
      quick: options.quick,
      outDir: options.outDir,
      stem,
      log: (message) => process.stderr.write(`[bench] ${message}\n`),
    },
    variantOf(options.quick),
  );
  const table = markdownTable(report);
  writeFileSync(join(options.outDir, `${stem}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'latest.md'), `# Benchmark results\n\n${table}`);
  process.stdout.write(`${table}\n`);
  process.stderr.write(
    `[bench] wrote ${join(options.outDir, `${stem}.json`)} and ${join(options.outDir, 'latest.md')}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
