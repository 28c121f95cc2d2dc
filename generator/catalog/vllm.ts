/**
 * vLLM versions the generator knows, and the metric names each exports (../shared/reference/upstream-facts.md §1.1).
 * Every query in alerts, dashboards and ScaledObjects takes its names from here, so changing a cluster's vLLM version
 * changes the queries with it.
 */
export const VLLM_VERSIONS = [
  "v0.8.5",
  "v0.9.2",
  "v0.10.2",
  "v0.11.0",
  "v0.12.0",
  "v0.13.0",
  "v0.14.0",
  "v0.15.0",
  "v0.16.0",
  "v0.17.0",
  "v0.18.0",
  "v0.19.0",
  "v0.20.0",
  "v0.21.0",
] as const;
export type VllmVersion = (typeof VLLM_VERSIONS)[number];
export const DEFAULT_VLLM_VERSION: VllmVersion = "v0.21.0";
export const VLLM_IMAGE = "vllm/vllm-openai";

const minor = (v: string): number => Number(v.replace(/^v/, "").split(".")[1]);
const atLeast = (v: string, m: number, patch = 0): boolean => {
  const [, mi = 0, pa = 0] = v.replace(/^v/, "").split(".").map(Number);
  return mi > m || (mi === m && pa >= patch);
};

export interface VllmMetrics {
  readonly running: string;
  readonly waiting: string;
  /** KV cache usage 0–1: `kv_cache_usage_perc` from v0.9.2 (the only one from v0.12), `gpu_cache_usage_perc` before. */
  readonly kvCacheUsage: string;
  readonly ttftBucket: string;
  /** Inter-token latency histogram: `inter_token_latency_seconds` from v0.11, `time_per_output_token_seconds` before. */
  readonly interTokenBucket: string;
  readonly generationTokens: string;
  readonly promptTokens: string;
  /** Finished requests (there is no `num_requests_finished` upstream). */
  readonly requestSuccess: string;
  readonly e2eLatencyBucket: string;
}

export function vllmMetrics(version: string): VllmMetrics {
  return {
    running: "vllm:num_requests_running",
    waiting: "vllm:num_requests_waiting",
    kvCacheUsage: atLeast(version, 9, 2) ? "vllm:kv_cache_usage_perc" : "vllm:gpu_cache_usage_perc",
    ttftBucket: "vllm:time_to_first_token_seconds_bucket",
    interTokenBucket: minor(version) >= 11 ? "vllm:inter_token_latency_seconds_bucket" : "vllm:time_per_output_token_seconds_bucket",
    generationTokens: "vllm:generation_tokens_total",
    promptTokens: "vllm:prompt_tokens_total",
    requestSuccess: "vllm:request_success_total",
    e2eLatencyBucket: "vllm:e2e_request_latency_seconds_bucket",
  };
}

/** DCGM exporter fields (dcgm-exporter default-counters.csv), served by the GPU Operator. */
export const DCGM = {
  gpuUtil: "DCGM_FI_DEV_GPU_UTIL",
  fbUsed: "DCGM_FI_DEV_FB_USED",
  fbFree: "DCGM_FI_DEV_FB_FREE",
  memCopyUtil: "DCGM_FI_DEV_MEM_COPY_UTIL",
} as const;

/** `--shutdown-timeout` (drain in-flight requests on SIGTERM): vllm-project/vllm#34730, reapplied in #36666, in v0.18.0+. */
export const supportsShutdownTimeout = (version: string): boolean => atLeast(version, 18);
