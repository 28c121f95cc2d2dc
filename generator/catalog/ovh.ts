/**
 * OVHcloud Managed Kubernetes facts the matrix is checked against.
 * Sources: ../shared/reference/upstream-facts.md §6 (MKS API, autoscaler, GPU flavours).
 * GPU flavour data comes from a third-party compilation of OVH's public catalogue dated 2025-01-27 and the seed
 * (RTX5000-28 ≈ €0.36/h, mid-2026); the bootstrap re-checks flavour availability per region through the OVH API
 * (`GET /cloud/project/{sn}/capabilities/kube/flavors?region=X`) before it creates a node pool.
 */
export const PRICE_SOURCE = "OVHcloud public catalogue via third-party compilation (2025-01-27) and the seed article (mid-2026); hourly, excl. VAT — verify before deploying";

/** MKS regions (OVH API `capabilities/kube/regions`); which of them offer GPUs must be checked per project. */
export const MKS_REGIONS = [
  "BHS5",
  "DE1",
  "GRA5",
  "GRA7",
  "GRA9",
  "GRA11",
  "SBG5",
  "SGP1",
  "SYD1",
  "UK1",
  "WAW1",
  "US-EAST-VA-1",
  "US-WEST-OR-1",
  "EU-WEST-PAR",
  "EU-SOUTH-MIL",
] as const;

/** Kubernetes minor versions accepted by `POST /cloud/project/{sn}/kube` (upstream-facts §6.2). */
export const MKS_KUBERNETES_VERSIONS = ["1.31", "1.32", "1.33", "1.34", "1.35"] as const;

/** NVIDIA GPU architectures of the OVH flavours, with their CUDA compute capability (sm). */
export type GpuArchitecture = "Volta" | "Turing" | "Ampere" | "Ada Lovelace" | "Hopper";

export interface GpuFlavor {
  readonly gpuModel: string;
  readonly architecture: GpuArchitecture;
  /** CUDA compute capability x10 (sm75 = 75): decides dtype, FP8 and Marlin kernels (NVIDIA's CUDA GPUs table). */
  readonly computeCapability: number;
  /**
   * MKS regions that list the flavour family, where OVH's guide lists it ("Available datacenters, worker nodes and
   * persistent storage flavors", ovh/docs, 2024-08-14; the 2026-02-03 update still lists L4, L40S, A100 and H100
   * for GRA11 only). Undefined: the guide does not list it, so only the bootstrap's live check decides.
   */
  readonly regions?: readonly string[];
  /** Guaranteed network bandwidth of the node, Gbit/s (third-party transcription of OVH's price page, UNVERIFIED). */
  readonly nicGbps: number;
  readonly gpuCount: number;
  /** VRAM per GPU in GiB (decimal GB in OVH's catalogue; treated as GiB-equivalent for the fit check). */
  readonly vramGiB: number;
  readonly vcpus: number;
  readonly ramGiB: number;
  /** Hourly price in EUR for the node. */
  readonly eurPerHour: number;
}

const GRA11_ONLY = ["GRA11"] as const;
const T1_REGIONS = ["BHS5", "GRA5", "GRA7", "GRA11"] as const;
const T2_REGIONS = ["BHS5", "DE1", "GRA5", "GRA7", "GRA9", "GRA11", "UK1", "WAW1"] as const;
export const REGION_SOURCE = "OVH guide 'Available datacenters, worker nodes and persistent storage flavors' (ovh/docs, 2024-08-14; GPU rows unchanged in the 2026-02-03 update)";

export const GPU_FLAVORS = {
  "rtx5000-28": { gpuModel: "Quadro RTX 5000", architecture: "Turing", computeCapability: 75, nicGbps: 2, gpuCount: 1, vramGiB: 16, vcpus: 4, ramGiB: 28, eurPerHour: 0.36 },
  "t1-45": { gpuModel: "Tesla V100", architecture: "Volta", computeCapability: 70, regions: T1_REGIONS, nicGbps: 2, gpuCount: 1, vramGiB: 16, vcpus: 8, ramGiB: 45, eurPerHour: 0.7 },
  "t2-45": { gpuModel: "Tesla V100S", architecture: "Volta", computeCapability: 70, regions: T2_REGIONS, nicGbps: 2, gpuCount: 1, vramGiB: 32, vcpus: 8, ramGiB: 45, eurPerHour: 0.8 },
  "a10-45": { gpuModel: "A10", architecture: "Ampere", computeCapability: 86, nicGbps: 8, gpuCount: 1, vramGiB: 24, vcpus: 30, ramGiB: 45, eurPerHour: 0.76 },
  "l4-90": { gpuModel: "L4", architecture: "Ada Lovelace", computeCapability: 89, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 1, vramGiB: 24, vcpus: 22, ramGiB: 90, eurPerHour: 0.75 },
  "l4-180": { gpuModel: "L4", architecture: "Ada Lovelace", computeCapability: 89, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 2, vramGiB: 24, vcpus: 45, ramGiB: 180, eurPerHour: 1.5 },
  "l4-360": { gpuModel: "L4", architecture: "Ada Lovelace", computeCapability: 89, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 4, vramGiB: 24, vcpus: 90, ramGiB: 360, eurPerHour: 3.0 },
  "l40s-90": { gpuModel: "L40S", architecture: "Ada Lovelace", computeCapability: 89, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 1, vramGiB: 48, vcpus: 15, ramGiB: 90, eurPerHour: 1.4 },
  "l40s-180": { gpuModel: "L40S", architecture: "Ada Lovelace", computeCapability: 89, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 2, vramGiB: 48, vcpus: 30, ramGiB: 180, eurPerHour: 2.8 },
  "l40s-360": { gpuModel: "L40S", architecture: "Ada Lovelace", computeCapability: 89, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 4, vramGiB: 48, vcpus: 60, ramGiB: 360, eurPerHour: 5.6 },
  "a100-180": { gpuModel: "A100", architecture: "Ampere", computeCapability: 80, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 1, vramGiB: 80, vcpus: 15, ramGiB: 180, eurPerHour: 2.75 },
  "a100-360": { gpuModel: "A100", architecture: "Ampere", computeCapability: 80, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 2, vramGiB: 80, vcpus: 30, ramGiB: 360, eurPerHour: 5.5 },
  "a100-720": { gpuModel: "A100", architecture: "Ampere", computeCapability: 80, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 4, vramGiB: 80, vcpus: 60, ramGiB: 720, eurPerHour: 11.0 },
  "h100-380": { gpuModel: "H100", architecture: "Hopper", computeCapability: 90, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 1, vramGiB: 80, vcpus: 30, ramGiB: 380, eurPerHour: 2.8 },
  "h100-760": { gpuModel: "H100", architecture: "Hopper", computeCapability: 90, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 2, vramGiB: 80, vcpus: 60, ramGiB: 760, eurPerHour: 5.6 },
  "h100-1520": { gpuModel: "H100", architecture: "Hopper", computeCapability: 90, regions: GRA11_ONLY, nicGbps: 8, gpuCount: 4, vramGiB: 80, vcpus: 120, ramGiB: 1520, eurPerHour: 11.2 },
} as const satisfies Record<string, GpuFlavor>;
export type GpuFlavorName = keyof typeof GPU_FLAVORS;

/**
 * General-purpose flavours for the CPU pool (vCPU / RAM GiB) and, where a source gives one, the hourly price: b3 prices
 * from a third-party transcription of OVH's public order catalog (DE subsidiary, `<flavor>.consumption`, read
 * 2026-07-04; its RTX 5000 price matches the seed's €0.36/h). The b2 family has no sourced price: give
 * `nodePools.cpu.eurPerHour`, or the cost figures leave the CPU pool out and say so.
 */
export const CPU_PRICE_SOURCE = "OVHcloud public order catalog (DE, read 2026-07-04) via a third-party transcription; hourly, excl. VAT — verify before deploying";
export interface CpuFlavor {
  readonly vcpus: number;
  readonly ramGiB: number;
  readonly eurPerHour?: number;
}
export const CPU_FLAVORS = {
  "b2-7": { vcpus: 2, ramGiB: 7 },
  "b2-15": { vcpus: 4, ramGiB: 15 },
  "b2-30": { vcpus: 8, ramGiB: 30 },
  "b2-60": { vcpus: 16, ramGiB: 60 },
  "b3-8": { vcpus: 2, ramGiB: 8, eurPerHour: 0.0512 },
  "b3-16": { vcpus: 4, ramGiB: 16, eurPerHour: 0.1023 },
  "b3-32": { vcpus: 8, ramGiB: 32, eurPerHour: 0.2046 },
  "b3-64": { vcpus: 16, ramGiB: 64, eurPerHour: 0.4092 },
} as const satisfies Record<string, CpuFlavor>;
export const cpuFlavor = (name: string): CpuFlavor => CPU_FLAVORS[name as keyof typeof CPU_FLAVORS];

export const gpuFlavor = (name: string): GpuFlavor => GPU_FLAVORS[name as GpuFlavorName];

/**
 * The GPU driver branch the pinned gpu-operator (v26.7.0, chart values `driver.version` 595.91.07) installs, and the
 * last branch that supports Volta (NVIDIA: R580 is the last driver branch with Volta support).
 */
export const GPU_DRIVER_BRANCH = 595;
export const LAST_VOLTA_DRIVER_BRANCH = 580;
