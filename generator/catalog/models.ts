/**
 * Models the generator knows by name, with what the fit check, the GPU architecture check and the cold start need:
 * weight size, KV-cache geometry, dtype, quantization and whether the Hugging Face repo is gated. Any other repo can
 * be served by giving the same geometry in the matrix (`model: org/name` plus `geometry`).
 * Sources: each model's Hugging Face `config.json` (num_hidden_layers, num_key_value_heads, head_dim or
 * hidden_size/num_attention_heads, max_position_embeddings, torch_dtype), its safetensors size on the hub, and the
 * repo's access page (gated: "You need to agree to share your contact information").
 */
export const QUANTIZATIONS = ["none", "awq", "gptq", "fp8"] as const;
export type Quantization = (typeof QUANTIZATIONS)[number];
export const DTYPES = ["bfloat16", "float16"] as const;
export type Dtype = (typeof DTYPES)[number];

export interface ModelSpec {
  readonly huggingFaceRepo: string;
  /** Size of the weights on disk and on the GPU, GiB. */
  readonly weightsGiB: number;
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Bytes per KV element (2 for fp16/bf16). */
  readonly kvDtypeBytes: number;
  /** Longest context the model supports. */
  readonly maxContext: number;
  /** The checkpoint's compute dtype (config.json torch_dtype). */
  readonly dtype: Dtype;
  readonly quantization: Quantization;
  /** The repo needs an accepted licence and a Hugging Face token to download. */
  readonly gated: boolean;
}

export const MODELS = {
  "llama-3.1-8b-awq-int4": {
    huggingFaceRepo: "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4",
    weightsGiB: 5.4,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 131072,
    dtype: "float16",
    quantization: "awq",
    gated: false,
  },
  "llama-3.1-8b-instruct": {
    huggingFaceRepo: "meta-llama/Llama-3.1-8B-Instruct",
    weightsGiB: 15.0,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 131072,
    dtype: "bfloat16",
    quantization: "none",
    gated: true,
  },
  "qwen2.5-7b-instruct-awq": {
    huggingFaceRepo: "Qwen/Qwen2.5-7B-Instruct-AWQ",
    weightsGiB: 5.2,
    layers: 28,
    kvHeads: 4,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 32768,
    dtype: "float16",
    quantization: "awq",
    gated: false,
  },
  "qwen3-8b": {
    // 8.19 B parameters in bf16 (16.4 GB); 36 layers, 8 KV heads of 128; 40,960 positions.
    huggingFaceRepo: "Qwen/Qwen3-8B",
    weightsGiB: 15.3,
    layers: 36,
    kvHeads: 8,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 40960,
    dtype: "bfloat16",
    quantization: "none",
    gated: false,
  },
  "mistral-7b-instruct-v0.3": {
    huggingFaceRepo: "mistralai/Mistral-7B-Instruct-v0.3",
    weightsGiB: 13.5,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 32768,
    dtype: "bfloat16",
    quantization: "none",
    gated: true,
  },
  "llama-3.1-70b-awq-int4": {
    huggingFaceRepo: "hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4",
    weightsGiB: 37.1,
    layers: 80,
    kvHeads: 8,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 131072,
    dtype: "float16",
    quantization: "awq",
    gated: false,
  },
} as const satisfies Record<string, ModelSpec>;
export type ModelName = keyof typeof MODELS;
export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];

/** A Hugging Face repo id (`org/name`) rather than a catalogue key. */
export const isRepoId = (model: string): boolean => model.includes("/");

/** The geometry block a matrix gives for a repo outside the catalogue. */
export interface ModelGeometry {
  readonly weightsGiB: number;
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly maxContext: number;
  readonly dtype: Dtype;
  readonly quantization?: Quantization;
  readonly gated?: boolean;
}

/** The spec of a model entry: the catalogue's, or the repo and geometry the matrix gives (checked by the loader). */
export function resolveModelSpec(model: string, geometry: ModelGeometry | undefined): ModelSpec {
  if (!isRepoId(model)) return MODELS[model as ModelName];
  const g = geometry!;
  return {
    huggingFaceRepo: model,
    weightsGiB: g.weightsGiB,
    layers: g.layers,
    kvHeads: g.kvHeads,
    headDim: g.headDim,
    kvDtypeBytes: 2,
    maxContext: g.maxContext,
    dtype: g.dtype,
    quantization: g.quantization ?? "none",
    gated: g.gated ?? false,
  };
}

/** KV cache per token: K and V, per layer, per KV head, per head dimension. */
export const kvBytesPerToken = (m: ModelSpec): number => 2 * m.layers * m.kvHeads * m.headDim * m.kvDtypeBytes;

const BYTES_PER_PARAM: Record<Quantization, number> = { none: 2, fp8: 1, awq: 0.6, gptq: 0.6 };
/** Parameter count in billions, estimated from the weight size (4-bit formats keep scales and some layers in 16 bit). */
export const parametersBillions = (m: ModelSpec): number => (m.weightsGiB * 1.0737) / BYTES_PER_PARAM[m.quantization];
