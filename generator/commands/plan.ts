/**
 * `plan [<cluster>...] [--clusters DIR] [--json]`: every number of the deployed system before it is merged — per
 * cluster the Applications in waves with their pinned charts; per model the fit, what the GPU architecture changes,
 * the scaling mode and what the first request after idle gets, the cold start by step and the timeouts that follow;
 * the monthly cost for the seed's usage profiles and for the cluster's own configuration. Reads the plan only.
 */
import { EXIT, UsageError } from "../errors.js";
import { renderLayers } from "../layers/index.js";
import { loadMatrix } from "../matrix/load.js";
import { planCluster, type ClusterPlan } from "../plan/cluster-plan.js";
import type { ModelPlan } from "../plan/model-plan.js";
import { behaviour } from "../plan/scaling-summary.js";
import { resolveDir } from "./options.js";
import type { Io } from "./report.js";

export interface PlanOptions {
  readonly clusters: string;
  readonly names: readonly string[];
  readonly json: boolean;
}

const cents = (n: number) => Math.round(n * 100) / 100;
const euros = (n: number) => `€${Math.round(n).toLocaleString("en")}`;

function layers(plan: ClusterPlan) {
  return renderLayers(plan).map((u) => {
    const key = u.chart?.key ?? u.git?.key;
    const pin = key ? plan.charts[key] : undefined;
    return { wave: u.wave, name: u.name, ...(pin ? { chart: pin.chart ?? pin.path!, version: pin.version, repoURL: pin.repoURL } : { chart: "manifests in this repository" }) };
  });
}

function modelJson(m: ModelPlan) {
  return {
    name: m.name,
    repo: m.spec.huggingFaceRepo,
    vllmVersion: m.vllmVersion,
    gated: m.spec.gated,
    fit: { weightsGiB: cents(m.fit.weightsGiB), kvCacheGiB: cents(m.fit.kvGiB), maxModelLen: m.maxModelLen, usableGiB: cents(m.fit.usableGiB), largestContextThatFits: m.fit.maxFittingLen },
    architectureNotes: m.architecture.notes,
    scaling: { mode: m.mode, minReplicas: m.minReplicas, maxReplicas: m.scaling.maxReplicas, firstRequestAfterIdle: behaviour(m) },
    coldStart: { newNode: m.coldStart.newNode, steps: m.coldStart.steps, totalSeconds: m.coldStart.totalSeconds, firstStartSeconds: m.coldStart.firstStartSeconds, scaleOutSeconds: m.scaleOutColdStart.totalSeconds },
    timeouts: m.timeouts,
  };
}

export function clusterPlanJson(plan: ClusterPlan) {
  const c = plan.costs;
  return {
    name: plan.name,
    region: plan.config.ovh.region,
    kubernetesVersion: plan.config.kubernetes.version,
    layers: layers(plan),
    models: plan.models.map(modelJson),
    prices: { gpu: { flavor: plan.gpuPool.flavorName, eurPerHour: c.gpu.eurPerHour, source: c.gpu.priceSource }, cpu: { flavor: c.cpu.flavor, eurPerHour: c.cpu.eurPerHour ?? null, source: c.cpu.priceSource } },
    gpuMonthlyCostEUR: { alwaysOn: cents(c.gpu.profiles.alwaysOn), businessHours: cents(c.gpu.profiles.businessHours), occasional: cents(c.gpu.profiles.occasional), configured: cents(c.gpu.configured) },
    cpuMonthlyCostEUR: c.cpu.monthly === undefined ? null : cents(c.cpu.monthly),
    totalMonthlyCostEUR: c.totalMonthly === undefined ? null : cents(c.totalMonthly),
    excludes: c.excludes,
  };
}

function text(plan: ClusterPlan, io: Io): void {
  const { config } = plan;
  const c = plan.costs;
  io.out(`${plan.name} (${config.environment}): OVH MKS ${config.ovh.region}, ${config.ovh.plan} control plane, Kubernetes ${config.kubernetes.version}`);
  io.out(`  GPU pool ${plan.gpuPool.name}: ${plan.gpuPool.flavorName} (${plan.gpuPool.flavor.gpuCount} x ${plan.gpuPool.flavor.gpuModel}, ${plan.gpuPool.flavor.architecture} sm${plan.gpuPool.flavor.computeCapability}), ${config.nodePools.gpu.min}..${config.nodePools.gpu.max} nodes at €${c.gpu.eurPerHour}/h (${c.gpu.priceSource})`);
  io.out(`  CPU pool: ${c.cpu.flavor}, ${config.nodePools.cpu.min}..${config.nodePools.cpu.max} nodes${c.cpu.eurPerHour !== undefined ? ` at €${c.cpu.eurPerHour}/h` : ""} (${c.cpu.priceSource})`);
  io.out("  Applications (wave, name, chart):");
  for (const l of layers(plan)) io.out(`    ${String(l.wave).padStart(3)}  ${l.name.padEnd(22)} ${l.chart}${"version" in l ? ` ${l.version}` : ""}`);
  for (const m of plan.models) {
    io.out(`  Model ${m.name}: ${m.spec.huggingFaceRepo} on vLLM ${m.vllmVersion}${m.spec.gated ? " (gated: the HF token Secret is required)" : ""}`);
    io.out(`    fit: weights ${m.fit.weightsGiB.toFixed(1)} GiB + KV cache ${m.fit.kvGiB.toFixed(1)} GiB for ${m.maxModelLen} tokens of ${m.fit.usableGiB.toFixed(1)} GiB usable; the largest context that fits is ${m.fit.maxFittingLen} tokens`);
    for (const note of m.architecture.notes) io.out(`    GPU: ${note}`);
    io.out(`    scaling ${m.mode}, ${m.minReplicas}..${m.scaling.maxReplicas} replicas: ${behaviour(m)}`);
    io.out(`    cold start from zero replicas${m.coldStart.newNode ? " (GPU pool at 0 nodes)" : ""}: ${m.coldStart.totalSeconds} s`);
    for (const s of m.coldStart.steps) io.out(`      ${String(s.seconds).padStart(5)} s  ${s.label} (${s.basis})`);
    io.out(`      a replica's first start (download, cold compile cache): ${m.coldStart.firstStartSeconds} s; an extra replica on a new node: ${m.scaleOutColdStart.totalSeconds} s`);
    const t = m.timeouts;
    io.out(`    timeouts: startup probe ${t.startupProbeSeconds} s, route ${t.routeSeconds} s${m.mode === "http-addon" ? `, interceptor hold ${t.readinessSeconds} s` : ""}${m.mode === "schedule" ? `, warm-up ${t.warmupLeadSeconds} s early` : ""}, shutdown drain ${t.shutdownSeconds} s (grace ${t.terminationGraceSeconds} s)`);
  }
  io.out(`  Monthly cost of the GPU pool (${c.gpu.activeNodes} node(s) serving, ${c.gpu.minNodes} minimum, €${c.gpu.eurPerHour}/h):`);
  io.out(`    always on              ${euros(c.gpu.profiles.alwaysOn)}`);
  io.out(`    business hours (8 h/d) ${euros(c.gpu.profiles.businessHours)}`);
  io.out(`    occasional (2 h/d)     ${euros(c.gpu.profiles.occasional)}`);
  io.out(`    as configured          ${euros(c.gpu.configured)} (${Math.round(c.gpu.configuredNodeHours)} node-hours a month kept up)`);
  io.out(`  CPU pool at its minimum: ${c.cpu.monthly === undefined ? "unknown (no price)" : euros(c.cpu.monthly)}; total as configured: ${c.totalMonthly === undefined ? "unknown" : euros(c.totalMonthly)}`);
  io.out(`  Not included: ${c.excludes.join("; ")}.`);
}

export function planCommand(options: PlanOptions, io: Io): number {
  const matrix = loadMatrix(resolveDir(options.clusters));
  const known = matrix.clusters.map((c) => c.name);
  const unknown = options.names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UsageError(`plan: no cluster ${unknown.join(", ")} in ${options.clusters} (clusters: ${known.join(", ")})`);
  const chosen = matrix.clusters.filter((c) => options.names.length === 0 || options.names.includes(c.name));
  const plans = chosen.map((c) => planCluster(c));
  if (options.json) io.out(JSON.stringify(plans.map(clusterPlanJson), null, 2));
  else
    plans.forEach((p, i) => {
      if (i > 0) io.out("");
      text(p, io);
    });
  return EXIT.ok;
}
