/**
 * Which upstream source installs the CRDs of which API groups. The ordering check uses it to prove that every custom
 * resource we render has its CRD from an earlier wave (or the same Application).
 */
import type { ChartKey } from "./charts.js";

export const CRD_GROUPS: Readonly<Partial<Record<ChartKey, readonly string[]>>> = {
  "argo-cd": ["argoproj.io"],
  "gateway-api": ["gateway.networking.k8s.io"],
  "istio-base": ["networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io"],
  "cert-manager": ["cert-manager.io", "acme.cert-manager.io"],
  "gpu-operator": ["nvidia.com"],
  "kube-prometheus-stack": ["monitoring.coreos.com"],
  keda: ["keda.sh", "eventing.keda.sh"],
  "keda-add-ons-http": ["http.keda.sh"],
};

/** Groups served by every Kubernetes API server: no CRD needed. */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "networking.k8s.io",
  "rbac.authorization.k8s.io",
  "apiextensions.k8s.io",
  "admissionregistration.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
]);

/** Argo CD's own CRDs are installed by the bootstrap before the root Application exists. */
export const BOOTSTRAP_GROUPS: ReadonlySet<string> = new Set(["argoproj.io"]);
