/**
 * The cold start of one model as its steps (the seed's timeline, with OVH's real node times): from "a request needs a
 * replica" to "the Service routes to a Ready vLLM pod". Each step's default comes from catalog/cold-start.ts; the
 * matrix can override any of them per model (`coldStart`). Two paths are computed:
 *   typical — scale from zero replicas with the cache volume holding the weights and vLLM's compile cache;
 *   first   — the first start of a replica: weights downloaded from Hugging Face, compile cache cold.
 * A GPU pool with min >= 1 keeps a node, so the first replica has no node, driver or image step.
 */
import {
  AUTOSCALER_REACTION_SECONDS,
  BIND_SECONDS,
  ENGINE_SECONDS,
  GPU_NODE_SECONDS,
  GPU_OPERATOR_SECONDS,
  HF_DOWNLOAD_MAX_MB_PER_S,
  IMAGE_UNPACK_MB_PER_S,
  LARGE_MODEL_BILLIONS,
  PAGE_CACHE_LOAD_SECONDS_PER_GB,
  READINESS_PROBE_PERIOD_SECONDS,
  SLOW_CPU_FACTOR,
  SLOW_CPU_VCPUS,
  VLLM_IMAGE_GB,
  VOLUME_ATTACH_SECONDS,
  volumeReadMBps,
} from "../catalog/cold-start.js";
import { parametersBillions, type ModelSpec } from "../catalog/models.js";
import type { GpuFlavor } from "../catalog/ovh.js";
import type { ColdStartOverrides, ScalingMode } from "../matrix/schema.js";

export type ColdStartStepId = "trigger" | "autoscaler" | "node" | "gpuOperator" | "bind" | "attach" | "imagePull" | "weights" | "engine" | "ready";

export interface ColdStartStep {
  readonly id: ColdStartStepId;
  readonly label: string;
  readonly seconds: number;
  /** Where the figure comes from: the matrix, or the default's basis. */
  readonly basis: string;
}

export interface ColdStart {
  /** Whether the first replica needs a new GPU node (the pool's minimum is 0). */
  readonly newNode: boolean;
  readonly steps: readonly ColdStartStep[];
  readonly totalSeconds: number;
  /** A replica's first start (download, cold compile cache) on the same path. */
  readonly firstStartSeconds: number;
  /** Container start to Ready, typical and first start: what the startup probe must allow. */
  readonly podStartSeconds: number;
  readonly podFirstStartSeconds: number;
}

const GB_PER_GIB = 1.0737;

export interface ColdStartInput {
  readonly spec: ModelSpec;
  readonly flavor: GpuFlavor;
  readonly poolMin: number;
  readonly mode: ScalingMode;
  readonly pollingInterval: number;
  readonly storageClass: string;
  readonly cacheSizeGiB: number;
  readonly overrides: ColdStartOverrides | undefined;
}

export function coldStart(input: ColdStartInput): ColdStart {
  const { spec, flavor, overrides: o = {} } = input;
  const newNode = input.poolMin === 0;
  const weightsGB = spec.weightsGiB * GB_PER_GIB;
  const cpuFactor = flavor.vcpus <= SLOW_CPU_VCPUS ? SLOW_CPU_FACTOR : 1;
  const engine = parametersBillions(spec) >= LARGE_MODEL_BILLIONS ? ENGINE_SECONDS.large : ENGINE_SECONDS.small;
  const readMBps = volumeReadMBps(input.storageClass, input.cacheSizeGiB);
  const downloadMBps = Math.min(125 * flavor.nicGbps, HF_DOWNLOAD_MAX_MB_PER_S);
  const pick = (value: number | undefined, fallback: number, basis: string) =>
    value !== undefined ? { seconds: value, basis: "matrix (coldStart)" } : { seconds: Math.round(fallback), basis };

  const step = (id: ColdStartStepId, label: string, s: { seconds: number; basis: string }): ColdStartStep => ({ id, label, ...s });
  const trigger =
    input.mode === "http-addon"
      ? step("trigger", "KEDA sees the request (HTTP add-on push)", { seconds: 1, basis: "interceptor push every 200 ms" })
      : step("trigger", "KEDA sees the request (next poll)", { seconds: Math.ceil(input.pollingInterval / 2), basis: `half the ${input.pollingInterval} s pollingInterval` });
  const nodeSteps = newNode
    ? [
        step("autoscaler", "cluster-autoscaler asks OVH for a GPU node", { seconds: AUTOSCALER_REACTION_SECONDS, basis: "scan-interval 10 s" }),
        step("node", "OVH GPU node until Ready", pick(o.nodeSeconds, GPU_NODE_SECONDS, "EST 10 min; OVH: may take more than an hour")),
        step("gpuOperator", "GPU operator: driver, toolkit, device plugin", pick(o.gpuOperatorSeconds, GPU_OPERATOR_SECONDS, "driver compiled on the node, ~4 min")),
      ]
    : [];
  const bind = step("bind", "scheduler binds the pod", { seconds: BIND_SECONDS, basis: "EST" });
  const attach = step("attach", "cache volume attach and mount", { seconds: VOLUME_ATTACH_SECONDS, basis: "Cinder p50 ~20 s" });
  const pull = newNode
    ? [step("imagePull", "pull and unpack the vLLM image", pick(o.imagePullSeconds, (VLLM_IMAGE_GB * 1000) / IMAGE_UNPACK_MB_PER_S, `${VLLM_IMAGE_GB} GB at ${IMAGE_UNPACK_MB_PER_S} MB/s`))]
    : [];
  const weights = step("weights", "read the weights from the cache volume", pick(o.weightsSeconds, (weightsGB * 1000) / readMBps, `${weightsGB.toFixed(1)} GB at ${readMBps} MB/s (${input.storageClass})`));
  const engineStep = step("engine", "vLLM engine start (compile cache warm)", pick(o.engineSeconds, engine.warm * cpuFactor, `${engine.warm} s${cpuFactor > 1 ? ` × ${cpuFactor} (${flavor.vcpus} vCPUs)` : ""}`));
  const ready = step("ready", "readiness probe passes, endpoints update", { seconds: READINESS_PROBE_PERIOD_SECONDS / 2 + 2, basis: "half a probe period + propagation" });

  const steps = [trigger, ...nodeSteps, bind, attach, ...pull, weights, engineStep, ready];
  const totalSeconds = steps.reduce((n, s) => n + s.seconds, 0);
  // First start: download instead of the volume read, cold compile cache (unless the matrix fixed those steps).
  const download = o.weightsSeconds ?? Math.round((weightsGB * 1000) / downloadMBps + PAGE_CACHE_LOAD_SECONDS_PER_GB * weightsGB);
  const engineCold = o.engineSeconds ?? Math.round(engine.cold * cpuFactor);
  const podStartSeconds = weights.seconds + engineStep.seconds + ready.seconds;
  const podFirstStartSeconds = download + engineCold + ready.seconds;
  return {
    newNode,
    steps,
    totalSeconds,
    firstStartSeconds: totalSeconds - podStartSeconds + podFirstStartSeconds,
    podStartSeconds,
    podFirstStartSeconds,
  };
}
