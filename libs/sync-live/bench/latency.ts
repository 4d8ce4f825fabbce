import { benchLatency, type LatencySummary } from '../src/testing/latency-bench';

/**
 * P7 (../shared/docs/quality-bars.md): latency from an edit in one app to its counterpart in the
 * other, embedded mode, steady state; target p95 ≤ 5 s.
 *
 *   npx tsx libs/sync-live/bench/latency.ts [edits=300] [intervalMs=150]
 *
 * Everything runs in this process on loopback ports and stops by itself (bounded drain).
 */
function positive(arg: string | undefined, name: string, fallback: number): number {
  if (arg === undefined) return fallback;
  const n = Number(arg);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`${name} must be a positive whole number, got "${arg}".`);
    process.exit(2);
  }
  return n;
}

const edits = positive(process.argv[2], 'edits', 300);
const intervalMs = positive(process.argv[3], 'intervalMs', 150);
const fmt = (s: LatencySummary) =>
  `n=${s.count} p50=${(s.p50Ms / 1000).toFixed(2)} s p95=${(s.p95Ms / 1000).toFixed(2)} s ` +
  `p99=${(s.p99Ms / 1000).toFixed(2)} s max=${(s.maxMs / 1000).toFixed(2)} s`;

const result = await benchLatency({ edits, intervalMs, log: (line) => console.log(line) });
console.log(`P7 latency, ${result.edits} edits in ${(result.durationMs / 1000).toFixed(1)} s`);
console.log(`  all         ${fmt(result.all)}`);
console.log(`  ERP → CRM   ${fmt(result.erpToCrm)}`);
console.log(`  CRM → ERP   ${fmt(result.crmToErp)}`);
console.log(
  `  missing=${result.missing} superseded=${result.superseded} record jobs=${result.recordJobs} incremental jobs=${result.incrementalJobs}`,
);
const pass = result.missing === 0 && result.all.p95Ms <= 5000;
console.log(`  target p95 ≤ 5 s: ${pass ? 'met' : 'NOT met'}`);
process.exitCode = pass ? 0 : 1;
