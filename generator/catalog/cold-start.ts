/**
 * Default figures of each cold-start step, with their sources (../shared/reference/cold-start-facts.md has the
 * citations in full). EST marks an estimate derived from the cited numbers. Every figure can be overridden per model
 * in the matrix (`coldStart`), because the least measured step (an OVH GPU node) also dominates.
 */

/** Cluster-autoscaler: scan-interval 10 s (OVH CA guide, 2022-05-17) — on average half a scan, plus ~5 s to call OVH. */
export const AUTOSCALER_REACTION_SECONDS = 10;
/**
 * OVH GPU node until Ready: OVH says GPU nodes "may take more than one hour" (known-limits guide, 2025-12-02); the
 * only measurement is a customer's "consistently 5 to 10 minutes" (ovh/public-cloud-roadmap#1198, 2026-07-20). EST:
 * 600 s typical; the heavy tail is why the timeouts below carry a safety factor and the README says so.
 */
export const GPU_NODE_SECONDS = 600;
/**
 * GPU operator on a new node until `nvidia.com/gpu` is allocatable: driver compile + toolkit + device plugin +
 * validators. ~3–5 min (NVIDIA/gpu-operator#707); 4–5 min in OVH's own sample output (EST 240 s, compiled driver).
 */
export const GPU_OPERATOR_SECONDS = 240;
/** The scheduler binding the pod once the GPU is allocatable (EST). */
export const BIND_SECONDS = 3;
/** Cinder volume attach + mount, p50 ~19.5 s (third-party benchmark on MKS GRA9, gen2). */
export const VOLUME_ATTACH_SECONDS = 20;
/**
 * vllm/vllm-openai image: 8–13 GB compressed for v0.10 and later (vllm#27154, Docker Hub builds), pulled and
 * unpacked at an effective ~60 MB/s (EST from AWS' and tensorfuse's measurements). Cached on a node that ran it.
 */
export const VLLM_IMAGE_GB = 12;
export const IMAGE_UNPACK_MB_PER_S = 60;
/**
 * Hugging Face download: min(NIC, 250 MB/s) (tensorfuse measured ~265 MB/s on AWS), then ~1.5 s/GB to load from the
 * page cache (tensorfuse: 18–33 s for 16 GB). EST.
 */
export const HF_DOWNLOAD_MAX_MB_PER_S = 250;
export const PAGE_CACHE_LOAD_SECONDS_PER_GB = 1.5;
/**
 * Reading the weights back from the cache volume. csi-cinder-high-speed-gen2: 0.5 MB/s per GB, at least 50 MB/s
 * (10–100 GB), at most 1 GB/s (OVH block storage guide, 2026-04-14; MKS flavours guide). csi-cinder-high-speed: a
 * fixed 3,000 IOPS, MB/s not published — EST 190 MB/s (3,000 × 64 KiB reads). csi-cinder-classic: up to 64 MB/s.
 */
export function volumeReadMBps(storageClass: string, sizeGiB: number): number {
  if (storageClass === "csi-cinder-high-speed-gen2") return Math.min(1000, Math.max(50, 0.5 * sizeGiB));
  if (storageClass === "csi-cinder-classic") return 64;
  return 190;
}
/**
 * vLLM engine start once the weights are read: imports, torch.compile, CUDA graph capture. With the compile cache on
 * the volume (warm): ~64 s for an 8B model, ~110 s for 70B; cold cache ~200 s / ~250 s (tensorfuse 2025-09-01,
 * vllm#20264, vllm#19824; EST for 70B). Startup is CPU-bound: ×1.5 on 4-vCPU flavours (EST, arXiv 2606.07362).
 */
export const ENGINE_SECONDS = { small: { warm: 64, cold: 200 }, large: { warm: 110, cold: 250 } } as const;
export const LARGE_MODEL_BILLIONS = 30;
export const SLOW_CPU_VCPUS = 4;
export const SLOW_CPU_FACTOR = 1.5;
/** Readiness detection: half the readiness probe period plus ~2 s of EndpointSlice propagation (EST). */
export const READINESS_PROBE_PERIOD_SECONDS = 10;
/**
 * Timeouts cover the worst plausible cold start, not the typical one: a first start (download, cold compile cache)
 * on a new node, times this factor for the node step's heavy tail.
 */
export const TIMEOUT_SAFETY_FACTOR = 1.5;
