/**
 * The fit check's arithmetic: weights plus the KV cache of one full-length sequence must fit in
 * VRAM x GPUs x gpu-memory-utilization. Pure catalogue math, used by the loader's checks and computed once per model
 * in the plan.
 */
import { kvBytesPerToken, type ModelSpec } from "./models.js";
import type { GpuFlavor } from "./ovh.js";

const GIB = 1024 ** 3;

export interface FitReport {
  readonly needGiB: number;
  readonly usableGiB: number;
  readonly weightsGiB: number;
  readonly kvGiB: number;
  /** The sequence length the report is for. */
  readonly maxModelLen: number;
  /** Longest --max-model-len that fits (multiple of 256, at most the model's context), or 0 when the weights do not fit. */
  readonly maxFittingLen: number;
}

export function fit(spec: ModelSpec, flavor: GpuFlavor, gpus: number, utilization: number, maxModelLen: number | undefined): FitReport {
  const usableGiB = flavor.vramGiB * gpus * utilization;
  const perToken = kvBytesPerToken(spec);
  const spare = (usableGiB - spec.weightsGiB) * GIB;
  const maxFittingLen = spare <= 0 ? 0 : Math.min(spec.maxContext, Math.floor(spare / perToken / 256) * 256);
  const len = maxModelLen ?? maxFittingLen;
  const kvGiB = (perToken * len) / GIB;
  return { needGiB: spec.weightsGiB + kvGiB, usableGiB, weightsGiB: spec.weightsGiB, kvGiB, maxModelLen: len, maxFittingLen };
}
