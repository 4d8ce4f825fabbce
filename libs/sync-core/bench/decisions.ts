/**
 * P3 micro-benchmark: sync-core decisions per second on one core, three-way compare of 20-field
 * records over a realistic mix. Run: `npx tsx libs/sync-core/bench/decisions.ts [--time ms]`.
 * The benchmark harness imports `runDecisionsBench` (and `decisionWorkload` for its own mix).
 */
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import {
  decide,
  defineMapping,
  type DecideInput,
  type FieldMapping,
  type FieldValue,
  type TableMapping,
} from '../src/index';

export const benchFieldCount = 20;

/** A bidirectional mapping with 20 fields of text, number and flag types. */
export function benchMapping(): TableMapping {
  const fields: FieldMapping[] = Array.from({ length: benchFieldCount }, (_, i) => ({
    name: `field${i + 1}`,
    type: i % 5 === 0 ? 'decimal' : i % 7 === 0 ? 'boolean' : 'text',
    direction: 'bidirectional',
    erp: { field: `erp${i + 1}` },
    crm: { field: `crm${i + 1}` },
    rules: i % 5 === 0 ? [{ kind: 'min', min: 0 }] : [{ kind: 'maxLength', max: 100 }],
  }));
  return defineMapping({
    id: 'bench',
    name: 'Bench (20 fields)',
    erpEntity: 'customers',
    crmEntity: 'accounts',
    direction: 'bidirectional',
    filters: { erp: [], crm: [] },
    syncOnlyCoupled: false,
    updateConflictPolicy: 'raise-error',
    deletionPolicy: 'raise-error',
    errorThresholds: { maxFailureRate: 0.2, minRecords: 50, maxOpenErrors: 1000 },
    matchFields: ['field2'],
    numberField: null,
    nameField: 'field2',
    constants: { erp: {}, crm: {} },
    fields,
  });
}

function record(seed: number): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (let i = 0; i < benchFieldCount; i++)
    out[`field${i + 1}`] =
      i % 5 === 0 ? seed * 31 + i : i % 7 === 0 ? seed % 2 === 0 : `value ${seed}-${i}`;
  return out;
}

/**
 * A fixed mix per 20 pairs: 11 unchanged, 3 ERP edits, 2 CRM edits, 1 disjoint merge, 1 same
 * edit on both sides, 1 conflict, 1 new record (create).
 */
export function decisionWorkload(mapping: TableMapping, count: number): DecideInput[] {
  const out: DecideInput[] = [];
  for (let n = 0; n < count; n++) {
    const base = record(n);
    const erp = { ...base };
    const crm = { ...base };
    const slot = n % 20;
    if (slot >= 11 && slot <= 13) erp['field2'] = `erp edit ${n}`;
    else if (slot === 14 || slot === 15) crm['field3'] = `crm edit ${n}`;
    else if (slot === 16) {
      erp['field4'] = `erp ${n}`;
      crm['field9'] = `crm ${n}`;
    } else if (slot === 17) {
      erp['field12'] = 'same';
      crm['field12'] = 'same';
    } else if (slot === 18) {
      erp['field6'] = `erp ${n}`;
      crm['field6'] = `crm ${n}`;
    }
    out.push(
      slot === 19
        ? { mapping, base: null, erp, crm: null }
        : { mapping, base, erp, crm, erpModifiedAt: null, crmModifiedAt: null },
    );
  }
  return out;
}

export interface DecisionsBenchResult {
  /** Wall-clock rate from tinybench (suffers when other processes share the cores). */
  decisionsPerSecond: number;
  /** Decisions per second of this process's CPU time (robust on a loaded machine). */
  decisionsPerCpuSecond: number;
  rmePercent: number;
  samples: number;
  mix: Record<string, number>;
  fields: number;
}

/** Runs the benchmark for `timeMs` and returns decisions per second over the mix. */
export async function runDecisionsBench(
  options: { timeMs?: number; warmupMs?: number } = {},
): Promise<DecisionsBenchResult> {
  const mapping = benchMapping();
  const perIteration = 1000;
  const cases = decisionWorkload(mapping, perIteration);
  const mix: Record<string, number> = {};
  for (const c of cases) {
    const type = decide(c).type;
    mix[type] = (mix[type] ?? 0) + 1;
  }
  const bench = new Bench({
    name: 'sync-core decisions',
    time: options.timeMs ?? 2000,
    warmupTime: options.warmupMs ?? 500,
  });
  let sink = 0;
  bench.add(`${perIteration} decisions`, () => {
    for (let i = 0; i < cases.length; i++) sink += decide(cases[i]!).type.length;
  });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result?.state !== 'completed' || sink === 0)
    throw new Error(`the decisions benchmark did not complete (${result?.state ?? 'no task'})`);
  const rounds = 200;
  const cpu = process.cpuUsage();
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < cases.length; i++) sink += decide(cases[i]!).type.length;
  const used = process.cpuUsage(cpu);
  return {
    decisionsPerSecond: (perIteration * 1000) / result.period,
    decisionsPerCpuSecond: (rounds * perIteration * 1e6) / Math.max(1, used.user + used.system),
    rmePercent: result.latency.rme,
    samples: result.latency.samplesCount,
    mix,
    fields: benchFieldCount,
  };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--time');
  const timeMs = at > 0 ? Number(process.argv[at + 1]) : 2000;
  const r = await runDecisionsBench({ timeMs });
  const mix = Object.entries(r.mix)
    .map(([k, v]) => `${k} ${(v / 10).toFixed(1)} %`)
    .join(', ');
  console.log(
    `sync-core decide: ${Math.round(r.decisionsPerSecond).toLocaleString('en-US')} decisions/s ` +
      `(±${r.rmePercent.toFixed(1)} %, ${r.samples} samples, ${r.fields}-field records; ${mix}); ` +
      `${Math.round(r.decisionsPerCpuSecond).toLocaleString('en-US')} per CPU-second; ` +
      `P3 target ≥ 500,000/s on one core: ${r.decisionsPerCpuSecond >= 500_000 ? 'met' : 'NOT met'} ` +
      `(per CPU-second; the wall rate drops when other processes share the cores)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
