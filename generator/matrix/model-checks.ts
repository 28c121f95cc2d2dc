/**
 * Model checks: replica bounds, unique names, GPUs per replica against the flavour, and the fit check —
 * weights plus the KV cache of one full-length sequence must fit in VRAM x gpu-memory-utilization.
 */
import { MODELS, kvBytesPerToken } from "../catalog/models.js";
import { GPU_FLAVORS } from "../catalog/ovh.js";
import type { InputProblem } from "../errors.js";
import type { ClusterCheck } from "./checks.js";
import type { ClusterConfig, ModelConfig } from "./schema.js";

const GIB = 1024 ** 3;
export const DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

export interface FitReport {
  readonly needGiB: number;
  readonly usableGiB: number;
  readonly weightsGiB: number;
  readonly kvGiB: number;
  /** Longest --max-model-len that fits (multiple of 256), or 0 when not even the weights fit. */
  readonly maxFittingLen: number;
}

export function fit(config: ClusterConfig, model: ModelConfig): FitReport {
  const spec = MODELS[model.model as keyof typeof MODELS];
  const flavor = GPU_FLAVORS[config.nodePools.gpu.flavor as keyof typeof GPU_FLAVORS];
  const gpus = model.gpusPerReplica ?? 1;
  const usableGiB = flavor.vramGiB * gpus * (model.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION);
  const perToken = kvBytesPerToken(spec);
  const kvGiB = (perToken * model.maxModelLen) / GIB;
  const spare = (usableGiB - spec.weightsGiB) * GIB;
  const maxFittingLen = spare <= 0 ? 0 : Math.min(spec.maxContext, Math.floor(spare / perToken / 256) * 256);
  return { needGiB: spec.weightsGiB + kvGiB, usableGiB, weightsGiB: spec.weightsGiB, kvGiB, maxFittingLen };
}

const g = (n: number) => n.toFixed(1);

export const modelChecks: ClusterCheck = (config, source) => {
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const flavor = GPU_FLAVORS[config.nodePools.gpu.flavor as keyof typeof GPU_FLAVORS];
  config.models.forEach((model, i) => {
    const at = (...p: (string | number)[]) => ["models", i, ...p];
    if (seen.has(model.name)) problems.push(source.problem(at("name"), `models[${i}].name: duplicate model name '${model.name}'`));
    seen.add(model.name);
    const { minReplicas, maxReplicas } = model.scaling;
    if (minReplicas > maxReplicas) problems.push(source.problem(at("scaling", "minReplicas"), `models[${i}].scaling: minReplicas (${minReplicas}) is greater than maxReplicas (${maxReplicas})`));
    if (maxReplicas > config.nodePools.gpu.max * Math.floor(flavor.gpuCount / (model.gpusPerReplica ?? 1))) {
      problems.push(source.problem(at("scaling", "maxReplicas"), `models[${i}].scaling.maxReplicas (${maxReplicas}) needs more GPUs than nodePools.gpu.max (${config.nodePools.gpu.max}) nodes of ${config.nodePools.gpu.flavor} provide`));
    }
    problems.push(...cacheProblems(model, i, source));
    const gpus = model.gpusPerReplica ?? 1;
    if (gpus > flavor.gpuCount) {
      problems.push(source.problem(at("gpusPerReplica"), `models[${i}].gpusPerReplica (${gpus}) exceeds the ${flavor.gpuCount} GPU(s) of a ${config.nodePools.gpu.flavor} node`));
      return;
    }
    const spec = MODELS[model.model as keyof typeof MODELS];
    if (model.maxModelLen > spec.maxContext) {
      problems.push(source.problem(at("maxModelLen"), `models[${i}].maxModelLen (${model.maxModelLen}) exceeds ${model.model}'s context of ${spec.maxContext} tokens`));
    }
    const r = fit(config, model);
    if (r.needGiB > r.usableGiB) {
      const hint = r.maxFittingLen >= 256 ? `a maxModelLen of at most ${r.maxFittingLen} would fit` : `not even the weights fit: choose a larger GPU flavour, more gpusPerReplica or a quantized model`;
      problems.push(
        source.problem(
          at("maxModelLen"),
          `models[${i}] ${model.model} does not fit on ${config.nodePools.gpu.flavor}: needs ${g(r.needGiB)} GiB (weights ${g(r.weightsGiB)} + KV cache ${g(r.kvGiB)} for ${model.maxModelLen} tokens) but ${g(r.usableGiB)} GiB is usable (${flavor.vramGiB} GiB x ${gpus} GPU x ${model.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION}); ${g(r.needGiB - r.usableGiB)} GiB missing; ${hint}`,
        ),
      );
    }
  });
  return problems;
};

/**
 * A ReadWriteOnce volume attaches to one node. A second replica needs another GPU node and would hang in
 * ContainerCreating (Multi-Attach error), so a shared RWO cache allows one replica only.
 */
function cacheProblems(model: ModelConfig, i: number, source: Parameters<ClusterCheck>[1]): InputProblem[] {
  const cache = model.cache;
  const volume = cache?.volume ?? "shared";
  if (volume === "per-replica" && cache?.accessMode) {
    return [source.problem(["models", i, "cache", "accessMode"], `models[${i}].cache.accessMode is only used with volume: shared (per-replica volumes are ReadWriteOnce)`, true)];
  }
  if (volume === "shared" && (cache?.accessMode ?? "ReadWriteOnce") === "ReadWriteOnce" && model.scaling.maxReplicas > 1) {
    return [
      source.problem(
        ["models", i, "scaling", "maxReplicas"],
        `models[${i}].scaling.maxReplicas is ${model.scaling.maxReplicas} but the model cache is one ReadWriteOnce volume: a second replica runs on another GPU node and cannot mount it (Multi-Attach). Set models[${i}].cache.volume: per-replica (each replica downloads the model at start), or accessMode: ReadWriteMany with a storageClass that provides it, or maxReplicas: 1`,
      ),
    ];
  }
  return [];
}
