/** Everything about one model that several layers need, resolved once (names, metric names, thresholds). */
import { businessCalendar, type BusinessCalendar } from "../calendar/business-calendar.js";
import { MODELS, type ModelSpec } from "../catalog/models.js";
import { DEFAULT_VLLM_VERSION, vllmMetrics, type VllmMetrics } from "../catalog/vllm.js";
import { DEFAULT_GPU_MEMORY_UTILIZATION } from "../matrix/model-checks.js";
import type { ModelConfig, ScalingMode } from "../matrix/schema.js";

export const VLLM_NAMESPACE = "vllm";
export const VLLM_PORT = 8080;

export interface ModelPlan {
  readonly config: ModelConfig;
  readonly spec: ModelSpec;
  readonly name: string;
  /** Deployment and Service name. */
  readonly workload: string;
  readonly vllmVersion: string;
  readonly metrics: VllmMetrics;
  readonly gpus: number;
  readonly gpuMemoryUtilization: number;
  readonly minReplicas: number;
  readonly mode: ScalingMode;
  /** Public hostname of the model's OpenAI API: <name>.<domain>. */
  readonly host: string;
  /** PromQL label matcher selecting this model's vLLM series. */
  readonly selector: string;
  readonly thresholds: { readonly ttftP95Seconds: number; readonly kvCacheUsage: number };
  /** HPA scale-up period: at most one new replica per cold start (capped at HPA's 30 minutes). */
  readonly scaleUpPeriodSeconds: number;
  /** Schedule mode: the business days of the horizon, computed once (triggers, annotations, cost, README use it). */
  readonly calendar?: BusinessCalendar;
}

export function planModel(config: ModelConfig, domain: string): ModelPlan {
  const vllmVersion = config.vllmVersion ?? DEFAULT_VLLM_VERSION;
  return {
    config,
    spec: MODELS[config.model as keyof typeof MODELS],
    name: config.name,
    workload: `vllm-${config.name}`,
    vllmVersion,
    metrics: vllmMetrics(vllmVersion),
    gpus: config.gpusPerReplica ?? 1,
    gpuMemoryUtilization: config.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION,
    minReplicas: config.scaling.mode === "warm" ? Math.max(1, config.scaling.minReplicas) : config.scaling.minReplicas,
    mode: config.scaling.mode,
    host: `${config.name}.${domain}`,
    selector: `namespace="${VLLM_NAMESPACE}",model_name="${config.name}"`,
    thresholds: { ttftP95Seconds: config.alerts?.ttftP95Seconds ?? 5, kvCacheUsage: config.alerts?.kvCacheUsage ?? 0.9 },
    scaleUpPeriodSeconds: Math.min(1800, config.scaling.coldStartSeconds),
    ...(config.scaling.schedule ? { calendar: businessCalendar(config.scaling.schedule) } : {}),
  };
}
