import { existsSync } from 'node:fs';
import {
  defaultDomain,
  type Canonical,
  type DecideInput,
  type EngineMapping,
} from '@twinsync/sync-engine';
import { Bench } from 'tinybench';
import { formatCount } from '../report';
import type { BarResult } from '../report';
import type { BarContext } from './context';

const bar = {
  id: 'P3',
  what: 'sync-core decisions per second on one core (3-way compare of 20-field records)',
  target: '≥ 500,000 / s',
};
const targetPerSecond = 500_000;

export const fieldCount = 20;
const fields = Array.from({ length: fieldCount }, (_, i) => `field${i + 1}`);

/** The engine's customers mapping widened to 20 canonical fields (decisions read only `fields`). */
function wideMapping(): EngineMapping {
  const base = defaultDomain.mappings.find((m) => m.id === 'customers');
  if (!base) throw new Error('the engine domain has no customers mapping');
  return { ...base, fields, updateConflictPolicy: 'raise-error' };
}

function record(seed: number): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  fields.forEach((f, i) => {
    out[f] = i % 5 === 0 ? seed * 31 + i : i % 7 === 0 ? seed % 2 === 0 : `value ${seed}-${i}`;
  });
  return out;
}

/**
 * A fixed mix of the cases a sync meets: mostly unchanged pairs, one-sided edits, disjoint edits on
 * both sides (merge), the same edit on both sides, and true conflicts.
 */
export function decisionCases(mapping: EngineMapping, count: number): DecideInput[] {
  const cases: DecideInput[] = [];
  for (let n = 0; n < count; n++) {
    const base: Canonical = record(n);
    const erp: Record<string, unknown> = { ...base };
    const crm: Record<string, unknown> = { ...base };
    switch (n % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        break; // unchanged
      case 4:
      case 5:
        erp['field2'] = `erp edit ${n}`;
        break;
      case 6:
        crm['field3'] = `crm edit ${n}`;
        crm['field11'] = n;
        break;
      case 7:
        erp['field4'] = `erp edit ${n}`;
        crm['field9'] = `crm edit ${n}`;
        break;
      case 8:
        erp['field12'] = 'same on both';
        crm['field12'] = 'same on both';
        break;
      default:
        erp['field6'] = `erp ${n}`;
        crm['field6'] = `crm ${n}`;
    }
    cases.push({
      mapping,
      base,
      erp: erp as Canonical,
      crm: crm as Canonical,
      allowed: { toErp: true, toCrm: true },
      erpModifiedAt: null,
      crmModifiedAt: null,
    });
  }
  return cases;
}

export interface DecisionsSource {
  name: string;
  decide(input: DecideInput): { type: string };
  mapping: EngineMapping;
}

/** The decisions under test: sync-core's through the engine's domain (the interim rules until it lands). */
export function engineDecisions(): DecisionsSource {
  return {
    name: '@twinsync/sync-engine defaultDomain.decide (the engine’s current domain)',
    decide: (input) => defaultDomain.decide(input),
    mapping: wideMapping(),
  };
}

/** What sync-core's own P3 entry (`libs/sync-core/bench/decisions.ts`) returns. */
interface CoreDecisionsResult {
  decisionsPerSecond: number;
  decisionsPerCpuSecond: number;
  rmePercent: number;
  samples: number;
  mix: Record<string, number>;
  fields: number;
}

/** sync-core's P3 entry, loaded at run time (it is a bench file of that project, not its API). */
const coreEntry = new URL('../../../../libs/sync-core/bench/decisions.ts', import.meta.url);

async function loadCoreBench(): Promise<
  ((o: { timeMs?: number; warmupMs?: number }) => Promise<CoreDecisionsResult>) | null
> {
  if (!existsSync(coreEntry)) return null;
  const mod = (await import(coreEntry.href)) as { runDecisionsBench?: unknown };
  return typeof mod.runDecisionsBench === 'function'
    ? (mod.runDecisionsBench as (o: object) => Promise<CoreDecisionsResult>)
    : null;
}

const mixText = (mix: Record<string, number>, total: number) =>
  Object.entries(mix)
    .map(([k, v]) => `${((v / total) * 100).toFixed(0)} % ${k}`)
    .join(', ');

export async function runP3(ctx: BarContext): Promise<BarResult> {
  const core = await loadCoreBench();
  if (core) {
    const r = await core({ timeMs: ctx.quick ? 1000 : 4000, warmupMs: ctx.quick ? 200 : 1000 });
    ctx.log(`P3: ${formatCount(r.decisionsPerSecond)} decisions/s (sync-core)`);
    // "On one core": the rate per CPU-second of this process is what one core does; the wall rate
    // also counts the time other processes of this shared machine held the core.
    const perCore = r.decisionsPerCpuSecond;
    return {
      ...bar,
      figure:
        `${formatCount(perCore)} / CPU-s; wall ${formatCount(r.decisionsPerSecond)} / s ` +
        `(±${r.rmePercent.toFixed(1)} %)`,
      baseline: '',
      ratio: perCore / targetPerSecond,
      pass: perCore >= targetPerSecond,
      notes:
        `sync-core decide via its bench entry (libs/sync-core/bench/decisions.ts): tinybench wall rate ` +
        `over ${r.samples} samples of 1000 decisions, and a timed loop of 200,000 decisions divided by ` +
        `the CPU time this process used (pass/fail, see ADR); ${r.fields}-field records over a fixed ` +
        `mix (${mixText(r.mix, 1000)}).`,
      raw: { ...r, source: 'libs/sync-core/bench/decisions.ts' },
    };
  }
  return runEngineDecisions(ctx);
}

/** Fallback while sync-core has no bench entry: the engine's domain, measured here. */
async function runEngineDecisions(ctx: BarContext): Promise<BarResult> {
  const source = engineDecisions();
  const perIteration = 1000;
  const cases = decisionCases(source.mapping, perIteration);
  const seen = new Map<string, number>();
  for (const c of cases) {
    const type = source.decide(c).type;
    seen.set(type, (seen.get(type) ?? 0) + 1);
  }
  const bench = new Bench({
    name: 'P3 decisions',
    time: ctx.quick ? 1000 : 4000,
    warmupTime: ctx.quick ? 200 : 1000,
  });
  let sink = 0;
  bench.add(`${perIteration} decisions`, () => {
    for (let i = 0; i < cases.length; i++) sink += source.decide(cases[i]!).type.length;
  });
  await bench.run();
  const task = bench.tasks[0];
  const result = task?.result;
  if (!result || result.state !== 'completed')
    throw new Error(`tinybench did not complete the P3 task (${result?.state ?? 'no task'})`);
  const perSecond = (perIteration * 1000) / result.period;
  const p50 = (perIteration * 1000) / result.latency.p50;
  ctx.log(`P3: ${formatCount(perSecond)} decisions/s (sink ${sink})`);
  return {
    ...bar,
    figure: `${formatCount(perSecond)} / s (±${result.latency.rme.toFixed(1)} %)`,
    baseline: '',
    ratio: perSecond / targetPerSecond,
    pass: perSecond >= targetPerSecond,
    notes:
      `${source.name}; tinybench, ${result.latency.samplesCount} samples of ${perIteration} ` +
      `decisions over a fixed mix (${[...seen].map(([k, v]) => `${v / 10} % ${k}`).join(', ')}); ` +
      `median-sample rate ${formatCount(p50)} / s.`,
    raw: {
      decisionsPerSecond: perSecond,
      medianSampleRate: p50,
      rmePercent: result.latency.rme,
      samples: result.latency.samplesCount,
      mix: Object.fromEntries(seen),
      source: source.name,
      fields: fieldCount,
    },
  };
}
