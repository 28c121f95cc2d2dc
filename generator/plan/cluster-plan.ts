/**
 * plan: one loaded cluster -> everything render needs, resolved once (chart pins with overrides, paths, naming).
 */
import { CHARTS, CHART_KEYS, type ChartKey, type ChartPin } from "../catalog/charts.js";
import { gpuPoolContract, type GpuPoolContract } from "../catalog/gpu-pool.js";
import { PRICE_SOURCE, gpuFlavor, type GpuFlavor } from "../catalog/ovh.js";
import { alertingSecrets, type AlertingSecret } from "./alerting.js";
import { clusterCosts, type ClusterCosts } from "./costs.js";
import { PROMETHEUS_URL } from "./prometheus-names.js";
import type { ClusterConfig } from "../matrix/schema.js";
import { planModel, type ModelPlan } from "./model-plan.js";

export interface ClusterPlan {
  readonly name: string;
  readonly config: ClusterConfig;
  /** The matrix file this plan comes from, as written in generated markers (repo-relative, machine independent). */
  readonly sourceFile: string;
  readonly charts: Readonly<Record<ChartKey, ChartPin>>;
  readonly models: readonly ModelPlan[];
  /** The GPU node pool: its contract with the bootstrap, its flavour and the price used for cost figures. */
  readonly gpuPool: GpuPoolContract & { readonly flavorName: string; readonly flavor: GpuFlavor; readonly eurPerHour: number; readonly priceSource: string };
  readonly observability: {
    /** kube-prometheus-stack runs in the cluster (ServiceMonitors, PrometheusRules, Grafana). */
    readonly prometheus: boolean;
    /** Prometheus-compatible query URL KEDA reads (in-cluster Prometheus or the matrix's SigNoz endpoint). */
    readonly queryUrl: string;
  };
  readonly costs: ClusterCosts;
  /** Secrets Alertmanager's receivers read (namespace monitoring). */
  readonly alertingSecrets: readonly AlertingSecret[];
  /** Some model scales from zero through the KEDA HTTP add-on. */
  readonly httpAddon: boolean;
  readonly paths: {
    readonly apps: string;
    readonly applications: string;
    readonly manifests: (app: string) => string;
    readonly values: (app: string) => string;
  };
}

/** What rendering needs of a loaded cluster: plain data, so it can be handed to a worker thread. */
export interface ClusterInput {
  readonly name: string;
  readonly config: ClusterConfig;
}

export function planCluster(cluster: ClusterInput): ClusterPlan {
  const { name, config } = cluster;
  const charts = Object.fromEntries(
    CHART_KEYS.map((key) => {
      const override = config.charts?.[key];
      return [key, override ? { ...CHARTS[key], version: override } : CHARTS[key]];
    }),
  ) as Record<ChartKey, ChartPin>;
  const models = config.models.map((m) => planModel(m, config));
  const gpuPool = {
    ...gpuPoolContract(config.nodePools.gpu.name),
    flavorName: config.nodePools.gpu.flavor,
    flavor: gpuFlavor(config.nodePools.gpu.flavor),
    eurPerHour: config.nodePools.gpu.eurPerHour ?? gpuFlavor(config.nodePools.gpu.flavor).eurPerHour,
    priceSource: config.nodePools.gpu.eurPerHour ? "from the matrix (nodePools.gpu.eurPerHour)" : PRICE_SOURCE,
  };
  return {
    name,
    config,
    sourceFile: `clusters/${name}.yaml`,
    charts,
    models,
    gpuPool,
    costs: clusterCosts(config, models, { ...gpuPool, gpuCount: gpuPool.flavor.gpuCount }),
    observability: {
      prometheus: config.observability.backend === "kube-prometheus-stack",
      queryUrl: config.observability.signoz?.queryEndpoint ?? PROMETHEUS_URL,
    },
    alertingSecrets: alertingSecrets(config),
    httpAddon: config.models.some((m) => m.scaling?.mode === "http-addon"),
    paths: {
      apps: `apps/${name}`,
      applications: `apps/${name}/applications`,
      manifests: (app) => `apps/${name}/manifests/${app}`,
      values: (app) => `values/${name}/${app}.yaml`,
    },
  };
}
