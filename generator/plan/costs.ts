/**
 * Monthly cost of a cluster: the GPU pool for the seed's usage profiles (always on, business hours = 8 h a day,
 * occasional = 2 h a day, each over 365/12 days a month) and for the cluster's own configuration (warm replicas, its
 * schedule with public holidays), plus the CPU pool at its minimum. Computed once in the plan; the plan command, the
 * cluster README and the generate summary read it.
 */
import { CPU_PRICE_SOURCE, cpuFlavor } from "../catalog/ovh.js";
import type { ClusterConfig } from "../matrix/schema.js";
import type { ModelPlan } from "./model-plan.js";
import { HOURS_PER_MONTH, warmHoursPerMonth } from "./scaling-summary.js";

export const DAYS_PER_MONTH = 365 / 12;
/** The seed's "Rough monthly cost reference": hours a day the models serve. */
export const USAGE_PROFILES = { alwaysOn: 24, businessHours: 8, occasional: 2 } as const;
export type UsageProfile = keyof typeof USAGE_PROFILES;

export interface ClusterCosts {
  readonly gpu: {
    readonly eurPerHour: number;
    readonly priceSource: string;
    /** GPU nodes that run one replica of every model. */
    readonly activeNodes: number;
    /** Nodes the pool never goes below. */
    readonly minNodes: number;
    readonly profiles: Readonly<Record<UsageProfile, number>>;
    readonly configured: number;
    readonly configuredNodeHours: number;
  };
  readonly cpu: { readonly flavor: string; readonly minNodes: number; readonly eurPerHour?: number; readonly priceSource: string; readonly monthly?: number };
  /** GPU (configured) + CPU pool at its minimum; undefined while the CPU flavour has no price. */
  readonly totalMonthly?: number;
  /** What the figures leave out. */
  readonly excludes: readonly string[];
}

export function clusterCosts(config: ClusterConfig, models: readonly ModelPlan[], gpu: { eurPerHour: number; priceSource: string; gpuCount: number }): ClusterCosts {
  const pool = config.nodePools.gpu;
  const gpusForOneEach = models.reduce((n, m) => n + m.gpus * Math.max(1, m.minReplicas), 0);
  const activeNodes = Math.max(pool.min, Math.ceil(gpusForOneEach / gpu.gpuCount));
  const profile = (hoursPerDay: number) => {
    const active = hoursPerDay * DAYS_PER_MONTH;
    return gpu.eurPerHour * (activeNodes * active + pool.min * (HOURS_PER_MONTH - active));
  };
  const profiles = { alwaysOn: profile(USAGE_PROFILES.alwaysOn), businessHours: profile(USAGE_PROFILES.businessHours), occasional: profile(USAGE_PROFILES.occasional) };
  const warmNodeHours = models.reduce((n, m) => n + (warmHoursPerMonth(m) * m.gpus) / gpu.gpuCount, 0);
  const configuredNodeHours = Math.max(pool.min * HOURS_PER_MONTH, warmNodeHours);
  const cpuPool = config.nodePools.cpu;
  const cpuPrice = cpuPool.eurPerHour ?? cpuFlavor(cpuPool.flavor).eurPerHour;
  const cpuMonthly = cpuPrice === undefined ? undefined : cpuPrice * cpuPool.min * HOURS_PER_MONTH;
  const configured = gpu.eurPerHour * configuredNodeHours;
  return {
    gpu: { eurPerHour: gpu.eurPerHour, priceSource: gpu.priceSource, activeNodes, minNodes: pool.min, profiles, configured, configuredNodeHours },
    cpu: {
      flavor: cpuPool.flavor,
      minNodes: cpuPool.min,
      ...(cpuPrice !== undefined ? { eurPerHour: cpuPrice, monthly: cpuMonthly } : {}),
      priceSource: cpuPool.eurPerHour !== undefined ? "from the matrix (nodePools.cpu.eurPerHour)" : cpuPrice !== undefined ? CPU_PRICE_SOURCE : `no sourced price for ${cpuPool.flavor}: set nodePools.cpu.eurPerHour`,
    },
    ...(cpuMonthly !== undefined ? { totalMonthly: configured + cpuMonthly } : {}),
    excludes: [
      "GPU hours that traffic adds above the configured minimum (simulate a trace for them)",
      "autoscaled CPU nodes above the pool minimum",
      ...(config.ovh.plan === "standard" ? ["the MKS standard control plane"] : []),
      "block storage (cache volumes, Prometheus) and the load balancer",
    ],
  };
}
