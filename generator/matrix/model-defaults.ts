/**
 * Per-model defaults the generator applies after `modelDefaults` (merged by the loader): the smallest model entry is
 * `name` + `model`. Values the user wrote are never rewritten; contradictions are refused by the checks instead.
 */
import type { ModelConfig, ScalingMode, ScheduleConfig } from "./schema.js";

export const DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

export interface ResolvedScaling {
  readonly mode: ScalingMode;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cooldownPeriod: number;
  readonly pollingInterval: number;
  readonly queueThreshold: number;
  readonly httpConcurrency?: number;
  readonly schedule?: ScheduleConfig;
}

/** The seed's KEDA settings (cooldown 300 s, polling 30 s, 5 waiting requests per replica). */
export const SCALING_DEFAULTS = { mode: "none", maxReplicas: 1, cooldownPeriod: 300, pollingInterval: 30, queueThreshold: 5 } as const;

export function resolvedScaling(model: ModelConfig): ResolvedScaling {
  const s = model.scaling ?? {};
  const mode = s.mode ?? SCALING_DEFAULTS.mode;
  return {
    mode,
    minReplicas: s.minReplicas ?? (mode === "warm" ? 1 : 0),
    maxReplicas: s.maxReplicas ?? Math.max(SCALING_DEFAULTS.maxReplicas, s.minReplicas ?? 0),
    cooldownPeriod: s.cooldownPeriod ?? SCALING_DEFAULTS.cooldownPeriod,
    pollingInterval: s.pollingInterval ?? SCALING_DEFAULTS.pollingInterval,
    queueThreshold: s.queueThreshold ?? SCALING_DEFAULTS.queueThreshold,
    ...(s.httpConcurrency !== undefined ? { httpConcurrency: s.httpConcurrency } : {}),
    ...(s.schedule ? { schedule: s.schedule } : {}),
  };
}

export type CacheVolume = "shared" | "per-replica";
/** Each replica keeps its own persistent volume unless the matrix asks for one shared volume. */
export const cacheVolumeOf = (model: ModelConfig): CacheVolume => model.cache?.volume ?? "per-replica";
