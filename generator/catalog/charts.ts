/**
 * The one place where upstream chart and release pins live.
 * Versions match ../shared/charts/README.md (the pinned chart defaults used to check values keys).
 * A cluster may override a pin per chart key in `charts:`; nothing else in the generator names a version.
 */
export interface ChartPin {
  /** Helm repository URL (or git repository for `kind: git`). */
  readonly repoURL: string;
  /** Helm chart name inside the repository (absent for git sources). */
  readonly chart?: string;
  /** Exact pinned version (Helm chart version or git tag). */
  readonly version: string;
  /** Folder name under the chart cache (`--chart-cache`), when it differs from the chart key. */
  readonly cacheDir?: string;
  /** Path inside a git repository (for `kind: git`). */
  readonly path?: string;
  /**
   * Values subtrees that are free-form maps in the chart (any key allowed), so the key check stops there.
   */
  readonly freeForm?: readonly string[];
  /** Values key the chart wraps its defaults in (Istio's `_internal_defaults_do_not_set`). */
  readonly defaultsWrapper?: string;
  /** Services the chart creates that other layers route to (named after the chart, so stable per pin). */
  readonly services?: readonly { readonly name: string; readonly port: number }[];
  /** Dependency charts whose keys cannot be checked against this chart's defaults. */
  readonly dependencies?: readonly string[];
}

export const CHART_KEYS = [
  "argo-cd",
  "gateway-api",
  "istio-base",
  "istiod",
  "cert-manager",
  "gpu-operator",
  "kube-prometheus-stack",
  "keda",
  "keda-add-ons-http",
] as const;
export type ChartKey = (typeof CHART_KEYS)[number];

const ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts";
const KEDA_REPO = "https://kedacore.github.io/charts";

export const CHARTS: Readonly<Record<ChartKey, ChartPin>> = {
  "argo-cd": {
    repoURL: "https://argoproj.github.io/argo-helm",
    chart: "argo-cd",
    version: "10.1.1",
    freeForm: ["configs.cm", "configs.params", "configs.rbac", "global.podLabels", "global.podAnnotations"],
    dependencies: ["redis-ha"],
  },
  "gateway-api": {
    repoURL: "https://github.com/kubernetes-sigs/gateway-api",
    path: "config/crd",
    version: "v1.6.1",
  },
  "istio-base": {
    repoURL: ISTIO_REPO,
    chart: "base",
    version: "1.30.3",
    defaultsWrapper: "_internal_defaults_do_not_set",
  },
  istiod: {
    repoURL: ISTIO_REPO,
    chart: "istiod",
    version: "1.30.3",
    defaultsWrapper: "_internal_defaults_do_not_set",
    freeForm: ["meshConfig", "env"],
  },
  "cert-manager": {
    repoURL: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.1",
  },
  "gpu-operator": {
    repoURL: "https://helm.ngc.nvidia.com/nvidia",
    chart: "gpu-operator",
    version: "v26.7.0",
    freeForm: ["dcgmExporter.serviceMonitor.additionalLabels"],
    dependencies: ["node-feature-discovery"],
  },
  "kube-prometheus-stack": {
    repoURL: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    freeForm: ["prometheus.prometheusSpec.storageSpec"],
    dependencies: ["grafana", "kube-state-metrics", "prometheus-node-exporter", "prometheus-windows-exporter"],
  },
  keda: {
    repoURL: KEDA_REPO,
    chart: "keda",
    version: "2.20.2",
  },
  "keda-add-ons-http": {
    repoURL: KEDA_REPO,
    chart: "keda-add-ons-http",
    version: "0.15.0",
    services: [
      { name: "keda-add-ons-http-interceptor-proxy", port: 8080 },
      { name: "keda-add-ons-http-external-scaler", port: 9090 },
    ],
  },
};

/** An exact version: `1.2.3` or `v1.2.3`, optionally with a pre-release suffix; never a range or tag name. */
export const EXACT_VERSION_PATTERN = "^v?[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$";
