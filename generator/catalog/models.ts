/**
 * Models the generator can serve, with what the fit check needs: weight size and KV-cache geometry.
 * Sources: each model's Hugging Face `config.json` (num_hidden_layers, num_key_value_heads, head_dim or
 * hidden_size/num_attention_heads) and its safetensors size on the hub; KV cache in the model dtype (fp16/bf16: 2 bytes).
 */
export interface ModelSpec {
  readonly huggingFaceRepo: string;
  /** Size of the weights on the GPU, GiB. */
  readonly weightsGiB: number;
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Bytes per KV element (2 for fp16/bf16). */
  readonly kvDtypeBytes: number;
  /** Longest context the model supports. */
  readonly maxContext: number;
  readonly quantization: string;
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
    quantization: "AWQ INT4 (vLLM picks awq_marlin by itself)",
  },
  "llama-3.1-8b-instruct": {
    huggingFaceRepo: "meta-llama/Llama-3.1-8B-Instruct",
    weightsGiB: 15.0,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 131072,
    quantization: "none (bf16)",
  },
  "qwen2.5-7b-instruct-awq": {
    huggingFaceRepo: "Qwen/Qwen2.5-7B-Instruct-AWQ",
    weightsGiB: 5.2,
    layers: 28,
    kvHeads: 4,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 32768,
    quantization: "AWQ INT4",
  },
  "mistral-7b-instruct-v0.3": {
    huggingFaceRepo: "mistralai/Mistral-7B-Instruct-v0.3",
    weightsGiB: 13.5,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 32768,
    quantization: "none (bf16)",
  },
  "llama-3.1-70b-awq-int4": {
    huggingFaceRepo: "hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4",
    weightsGiB: 37.1,
    layers: 80,
    kvHeads: 8,
    headDim: 128,
    kvDtypeBytes: 2,
    maxContext: 131072,
    quantization: "AWQ INT4",
  },
} as const satisfies Record<string, ModelSpec>;
export type ModelName = keyof typeof MODELS;

/** KV cache per token: K and V, per layer, per KV head, per head dimension. */
export const kvBytesPerToken = (m: ModelSpec): number => 2 * m.layers * m.kvHeads * m.headDim * m.kvDtypeBytes;
