/**
 * Model checks: the model is a catalogue key or a repo with its geometry, replica bounds, unique names, GPUs per
 * replica against the flavour, what the GPU architecture can run, and the fit check — weights plus the KV cache of
 * one full-length sequence must fit in VRAM x gpu-memory-utilization.
 */
import { fit } from "../catalog/fit.js";
import { architectureVerdict } from "../catalog/gpu-architecture.js";
import { MODEL_NAMES, isRepoId, resolveModelSpec } from "../catalog/models.js";
import { gpuFlavor } from "../catalog/ovh.js";
import type { InputProblem } from "../errors.js";
import type { ClusterCheck } from "./checks.js";
import type { ClusterSource } from "./cluster-source.js";
import { DEFAULT_GPU_MEMORY_UTILIZATION, cacheVolumeOf, resolvedScaling } from "./model-defaults.js";
import type { ModelConfig } from "./schema.js";
import { didYouMean } from "./suggest.js";

const g = (n: number) => n.toFixed(1);

function modelSourceProblems(model: ModelConfig, i: number, source: ClusterSource): InputProblem[] {
  const at = (...p: (string | number)[]) => ["models", i, ...p];
  if (isRepoId(model.model)) {
    return model.geometry
      ? []
      : [source.problem(at("model"), `models[${i}].model ${model.model} is not in the catalogue: give its geometry (models[${i}].geometry: weightsGiB, layers, kvHeads, headDim, maxContext, dtype, and quantization/gated where they apply; all from the repo's config.json)`)];
  }
  if (!(MODEL_NAMES as string[]).includes(model.model)) {
    return [source.problem(at("model"), `models[${i}].model: unknown catalogue model '${model.model}'.${didYouMean(model.model, MODEL_NAMES)} Known: ${MODEL_NAMES.join(", ")}; or name any Hugging Face repo (org/name) with a geometry block`)];
  }
  return model.geometry ? [source.problem(at("geometry"), `models[${i}].geometry is only used with a Hugging Face repo id (org/name); ${model.model} is a catalogue model with known geometry`, true)] : [];
}

/** Scaling values that contradict each other: refused, never silently rewritten. */
function scalingContradictions(model: ModelConfig, i: number, source: ClusterSource): InputProblem[] {
  const at = (...p: (string | number)[]) => ["models", i, "scaling", ...p];
  const problems: InputProblem[] = [];
  const written = model.scaling ?? {};
  const s = resolvedScaling(model);
  if (s.mode === "warm" && written.minReplicas === 0) {
    problems.push(source.problem(at("minReplicas"), `models[${i}].scaling: mode warm keeps at least one replica up, but minReplicas is 0; set minReplicas: 1 (or more), or choose mode none, http-addon or schedule to scale to zero`));
  }
  if (s.minReplicas > s.maxReplicas) problems.push(source.problem(at("minReplicas"), `models[${i}].scaling: minReplicas (${s.minReplicas}) is greater than maxReplicas (${s.maxReplicas})`));
  return problems;
}

export const modelChecks: ClusterCheck = (config, source) => {
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const flavorName = config.nodePools.gpu.flavor;
  const flavor = gpuFlavor(flavorName);
  config.models.forEach((model, i) => {
    const at = (...p: (string | number)[]) => ["models", i, ...p];
    if (seen.has(model.name)) problems.push(source.problem(at("name"), `models[${i}].name: duplicate model name '${model.name}'`));
    seen.add(model.name);
    const sourceProblems = modelSourceProblems(model, i, source);
    problems.push(...sourceProblems, ...scalingContradictions(model, i, source));
    const s = resolvedScaling(model);
    if (s.maxReplicas > config.nodePools.gpu.max * Math.floor(flavor.gpuCount / (model.gpusPerReplica ?? 1))) {
      problems.push(source.problem(at("scaling", "maxReplicas"), `models[${i}].scaling.maxReplicas (${s.maxReplicas}) needs more GPUs than nodePools.gpu.max (${config.nodePools.gpu.max}) nodes of ${flavorName} provide`));
    }
    problems.push(...cacheProblems(model, i, source));
    const gpus = model.gpusPerReplica ?? 1;
    if (gpus > flavor.gpuCount) {
      problems.push(source.problem(at("gpusPerReplica"), `models[${i}].gpusPerReplica (${gpus}) exceeds the ${flavor.gpuCount} GPU(s) of a ${flavorName} node`));
      return;
    }
    if (sourceProblems.length > 0) return;
    const spec = resolveModelSpec(model.model, model.geometry);
    for (const refusal of architectureVerdict(spec, flavor, flavorName).refusals) problems.push(source.problem(["nodePools", "gpu", "flavor"], `models[${i}] ${model.name}: ${refusal}`));
    if (model.maxModelLen !== undefined && model.maxModelLen > spec.maxContext) {
      problems.push(source.problem(at("maxModelLen"), `models[${i}].maxModelLen (${model.maxModelLen}) exceeds ${model.model}'s context of ${spec.maxContext} tokens`));
    }
    const utilization = model.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION;
    const r = fit(spec, flavor, gpus, utilization, model.maxModelLen);
    if (r.maxFittingLen < 256 || r.needGiB > r.usableGiB) {
      const hint = r.maxFittingLen >= 256 ? `a maxModelLen of at most ${r.maxFittingLen} would fit` : `not even the weights and a 256-token context fit: choose a larger GPU flavour, more gpusPerReplica or a quantized model`;
      problems.push(
        source.problem(
          at(model.maxModelLen !== undefined ? "maxModelLen" : "model"),
          `models[${i}] ${model.model} does not fit on ${flavorName}: needs ${g(r.needGiB)} GiB (weights ${g(r.weightsGiB)} + KV cache ${g(r.kvGiB)} for ${r.maxModelLen} tokens) but ${g(r.usableGiB)} GiB is usable (${flavor.vramGiB} GiB x ${gpus} GPU x ${utilization}); ${g(Math.max(0, r.needGiB - r.usableGiB))} GiB missing; ${hint}`,
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
function cacheProblems(model: ModelConfig, i: number, source: ClusterSource): InputProblem[] {
  const cache = model.cache;
  const volume = cacheVolumeOf(model);
  const { maxReplicas } = resolvedScaling(model);
  if (volume === "per-replica" && cache?.accessMode) {
    return [source.problem(["models", i, "cache", "accessMode"], `models[${i}].cache.accessMode is only used with volume: shared (per-replica volumes are ReadWriteOnce)`, true)];
  }
  if (volume === "shared" && (cache?.accessMode ?? "ReadWriteOnce") === "ReadWriteOnce" && maxReplicas > 1) {
    return [
      source.problem(
        ["models", i, "scaling", "maxReplicas"],
        `models[${i}].scaling.maxReplicas is ${maxReplicas} but the model cache is one ReadWriteOnce volume: a second replica runs on another GPU node and cannot mount it (Multi-Attach). Set models[${i}].cache.volume: per-replica (each replica keeps its own volume), or accessMode: ReadWriteMany with a storageClass that provides it, or maxReplicas: 1`,
      ),
    ];
  }
  return [];
}
