export { startLiveStack, waitFor, type LiveStack, type LiveStackOptions } from './live-stack';
export {
  benchLatency,
  type LatencyBenchOptions,
  type LatencyBenchResult,
  type LatencySummary,
} from './latency-bench';
