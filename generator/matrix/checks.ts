/**
 * Checks on a schema-valid cluster that a JSON Schema cannot express. Each returns located problems.
 */
import { REGION_SOURCE, gpuFlavor } from "../catalog/ovh.js";
import type { InputProblem } from "../errors.js";
import type { ClusterSource } from "./cluster-source.js";
import { edgeChecks } from "./edge-checks.js";
import { modelChecks } from "./model-checks.js";
import { scalingChecks } from "./scaling-checks.js";
import type { ClusterConfig } from "./schema.js";

export type ClusterCheck = (config: ClusterConfig, source: ClusterSource) => InputProblem[];

const poolBounds: ClusterCheck = (config, source) =>
  (["cpu", "gpu"] as const).flatMap((pool) => {
    const { min, max } = config.nodePools[pool];
    return min > max
      ? [source.problem(["nodePools", pool, "min"], `nodePools.${pool}: min (${min}) is greater than max (${max}); min must be <= max`)]
      : [];
  });

const cpuPoolNotEmpty: ClusterCheck = (config, source) =>
  config.nodePools.cpu.max < 1 || config.nodePools.cpu.min < 1
    ? [source.problem(["nodePools", "cpu", "min"], "nodePools.cpu.min must be at least 1: the platform layers (Argo CD, istiod, Prometheus) need a node that is always there")]
    : [];

/** OVH lists some GPU families in a few regions only; the bootstrap re-checks every flavour live. */
const gpuRegion: ClusterCheck = (config, source) => {
  const { flavor } = config.nodePools.gpu;
  const regions = gpuFlavor(flavor).regions;
  return regions && !regions.includes(config.ovh.region)
    ? [source.problem(["nodePools", "gpu", "flavor"], `nodePools.gpu.flavor ${flavor} is not offered for MKS in ${config.ovh.region}: OVH lists it in ${regions.join(", ")} only (${REGION_SOURCE}); set ovh.region to one of those or choose another GPU flavour`)]
    : [];
};

export const CLUSTER_CHECKS: readonly ClusterCheck[] = [poolBounds, cpuPoolNotEmpty, gpuRegion, (c, s) => modelChecks(c, s), (c, s) => scalingChecks(c, s), (c, s) => edgeChecks(c, s)];
