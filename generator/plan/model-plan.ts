/**
 * Everything about one model that layers, docs and commands need, derived once: the resolved spec and settings, the
 * fit, what the GPU architecture changes, the cold start by step, and every timeout that follows from it.
 */
import { businessCalendar, type BusinessCalendar } from "../calendar/business-calendar.js";
import { READINESS_PROBE_PERIOD_SECONDS, TIMEOUT_SAFETY_FACTOR } from "../catalog/cold-start.js";
import { fit, type FitReport } from "../catalog/fit.js";
import { architectureVerdict, type ArchitectureVerdict } from "../catalog/gpu-architecture.js";
import { resolveModelSpec, type ModelSpec } from "../catalog/models.js";
import { gpuFlavor } from "../catalog/ovh.js";
import { DEFAULT_VLLM_VERSION, vllmMetrics, type VllmMetrics } from "../catalog/vllm.js";
import { DEFAULT_GPU_MEMORY_UTILIZATION, cacheVolumeOf, resolvedScaling, type CacheVolume, type ResolvedScaling } from "../matrix/model-defaults.js";
import type { ClusterConfig, ModelConfig, ScalingMode } from "../matrix/schema.js";
import { coldStart, type ColdStart } from "./cold-start.js";

export const VLLM_NAMESPACE = "vllm";
export const VLLM_PORT = 8080;
/** OVH MKS' block storage class (Cinder, ReadWriteOnce). */
export const DEFAULT_STORAGE_CLASS = "csi-cinder-high-speed";
/** A non-streaming completion sends its headers only when done: the longest generation the edge allows. */
export const LONGEST_GENERATION_SECONDS = 600;
/** preStop pause so the endpoint removal reaches the gateway before vLLM stops taking requests. */
export const PRESTOP_SECONDS = 10;

export interface ModelTimeouts {
  /** Startup probe budget: a first start (download, cold compile) with the safety factor; at least 600 s. */
  readonly startupProbeSeconds: number;
  readonly startupProbePeriodSeconds: number;
  /** HTTP add-on: how long the interceptor holds a request for a replica (a whole first cold start, with margin). */
  readonly readinessSeconds: number;
  readonly responseHeaderSeconds: number;
  /** HTTPRoute request timeout: the hold (http-addon) plus the longest generation; what clients must allow. */
  readonly routeSeconds: number;
  /** vLLM --shutdown-timeout: in-flight requests finish before the pod stops. */
  readonly shutdownSeconds: number;
  readonly preStopSeconds: number;
  /** terminationGracePeriodSeconds >= preStop + shutdown-timeout (vLLM docs), plus margin. */
  readonly terminationGraceSeconds: number;
  /** Schedule mode: warm-up starts this long before business hours. */
  readonly warmupLeadSeconds: number;
  /** How long clients should retry a 503 (modes none, schedule): a first cold start with the same margin. */
  readonly clientRetrySeconds: number;
  /** The traffic trigger's window: recent traffic keeps the model active at least through a first cold start. */
  readonly trafficWindowSeconds: number;
  /** HPA scale-up period: at most one new replica per scale-out cold start (capped at HPA's 30 minutes). */
  readonly scaleUpPeriodSeconds: number;
}

export interface ModelPlan {
  readonly config: ModelConfig;
  readonly spec: ModelSpec;
  readonly name: string;
  /** StatefulSet and Service name. */
  readonly workload: string;
  readonly vllmVersion: string;
  readonly metrics: VllmMetrics;
  readonly gpus: number;
  readonly gpuMemoryUtilization: number;
  readonly maxModelLen: number;
  readonly fit: FitReport;
  readonly architecture: ArchitectureVerdict;
  readonly scaling: ResolvedScaling;
  readonly minReplicas: number;
  readonly mode: ScalingMode;
  readonly cache: { readonly volume: CacheVolume; readonly storageClass: string; readonly sizeGiB: number; readonly accessMode: "ReadWriteOnce" | "ReadWriteMany" };
  /** First replica from zero replicas. */
  readonly coldStart: ColdStart;
  /** An extra replica: always a new GPU node (one replica per node). */
  readonly scaleOutColdStart: ColdStart;
  readonly timeouts: ModelTimeouts;
  /** Public hostname of the model's OpenAI API: <name>.<domain>. */
  readonly host: string;
  /** PromQL label matcher selecting this model's vLLM series. */
  readonly selector: string;
  readonly thresholds: { readonly ttftP95Seconds: number; readonly kvCacheUsage: number };
  /** Schedule mode: the business days of the horizon, computed once (triggers, annotations, cost, README use it). */
  readonly calendar?: BusinessCalendar;
}

const upToMinute = (s: number) => Math.ceil(s / 60) * 60;

export function planModel(config: ModelConfig, cluster: ClusterConfig): ModelPlan {
  const vllmVersion = config.vllmVersion ?? DEFAULT_VLLM_VERSION;
  const spec = resolveModelSpec(config.model, config.geometry);
  const flavor = gpuFlavor(cluster.nodePools.gpu.flavor);
  const gpus = config.gpusPerReplica ?? 1;
  const gpuMemoryUtilization = config.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION;
  const fitReport = fit(spec, flavor, gpus, gpuMemoryUtilization, config.maxModelLen);
  const scaling = resolvedScaling(config);
  const cache = {
    volume: cacheVolumeOf(config),
    storageClass: config.cache?.storageClass ?? DEFAULT_STORAGE_CLASS,
    sizeGiB: config.cache?.size ? Number(config.cache.size.replace(/Gi$/, "")) : Math.max(20, Math.ceil(spec.weightsGiB * 2 + 10)),
    accessMode: config.cache?.accessMode ?? "ReadWriteOnce",
  } as const;
  const coldStartInput = {
    spec,
    flavor,
    mode: scaling.mode,
    pollingInterval: scaling.pollingInterval,
    storageClass: cache.storageClass,
    cacheSizeGiB: cache.sizeGiB,
    overrides: config.coldStart,
  };
  const fromZero = coldStart({ ...coldStartInput, poolMin: cluster.nodePools.gpu.min });
  const scaleOut = coldStart({ ...coldStartInput, poolMin: 0 });
  const period = READINESS_PROBE_PERIOD_SECONDS;
  const readinessSeconds = upToMinute(TIMEOUT_SAFETY_FACTOR * fromZero.firstStartSeconds);
  const timeouts: ModelTimeouts = {
    startupProbeSeconds: Math.max(600, Math.ceil((TIMEOUT_SAFETY_FACTOR * fromZero.podFirstStartSeconds) / period) * period),
    startupProbePeriodSeconds: period,
    readinessSeconds,
    responseHeaderSeconds: LONGEST_GENERATION_SECONDS,
    routeSeconds: (scaling.mode === "http-addon" ? readinessSeconds : 0) + LONGEST_GENERATION_SECONDS,
    shutdownSeconds: LONGEST_GENERATION_SECONDS,
    preStopSeconds: PRESTOP_SECONDS,
    terminationGraceSeconds: PRESTOP_SECONDS + LONGEST_GENERATION_SECONDS + 5,
    warmupLeadSeconds: upToMinute(TIMEOUT_SAFETY_FACTOR * fromZero.totalSeconds),
    clientRetrySeconds: readinessSeconds,
    trafficWindowSeconds: upToMinute(fromZero.firstStartSeconds),
    scaleUpPeriodSeconds: Math.min(1800, scaleOut.totalSeconds),
  };
  return {
    config,
    spec,
    name: config.name,
    workload: `vllm-${config.name}`,
    vllmVersion,
    metrics: vllmMetrics(vllmVersion),
    gpus,
    gpuMemoryUtilization,
    maxModelLen: fitReport.maxModelLen,
    fit: fitReport,
    architecture: architectureVerdict(spec, flavor, cluster.nodePools.gpu.flavor),
    scaling,
    minReplicas: scaling.minReplicas,
    mode: scaling.mode,
    cache,
    coldStart: fromZero,
    scaleOutColdStart: scaleOut,
    timeouts,
    host: `${config.name}.${cluster.domain}`,
    selector: `namespace="${VLLM_NAMESPACE}",model_name="${config.name}"`,
    thresholds: { ttftP95Seconds: config.alerts?.ttftP95Seconds ?? 5, kvCacheUsage: config.alerts?.kvCacheUsage ?? 0.9 },
    ...(scaling.schedule ? { calendar: businessCalendar(scaling.schedule) } : {}),
  };
}
