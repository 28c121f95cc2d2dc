/**
 * SigNoz backend (instead of kube-prometheus-stack): SigNoz's OpenTelemetry collector does not read ServiceMonitors,
 * so we render the Prometheus receiver it needs — vLLM pods, the DCGM exporter and the ingress gateway, found by
 * Kubernetes pod discovery — as a ConfigMap in the collector's namespace to merge into its config, and the RBAC that
 * lets the collector's service account discover pods in those namespaces. KEDA queries SigNoz's endpoint instead.
 */
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { stringify } from "yaml";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE } from "../plan/model-plan.js";
import type { AppUnit } from "./app-unit.js";
import { ENVOY_METRICS_PORT, GATEWAY_NAMESPACE, GATEWAY_POD_LABEL } from "../plan/gateway-names.js";
import { GPU_OPERATOR_NAMESPACE } from "./gpu-operator.js";
import { WAVE } from "./waves.js";
import { model } from "./model.js";

export const RECEIVER_CONFIGMAP = "vllm-prometheus-receiver";
const DISCOVERY_ROLE = "otel-collector-pod-discovery";

/** Prometheus relabel rule names for a pod label (Prometheus sanitises label names to [a-zA-Z0-9_]). */
const podLabel = (label: string) => `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`;
const podLabelPresent = (label: string) => `__meta_kubernetes_pod_labelpresent_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`;

const keep = (source: string, regex: string) => ({ source_labels: [source], regex, action: "keep" });
const copy = (source: string, target: string) => ({ source_labels: [source], target_label: target, action: "replace" });

function scrapeJob(name: string, namespace: string, path: string, filters: object[]) {
  return {
    job_name: name,
    scrape_interval: "15s",
    metrics_path: path,
    kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [namespace] } }],
    relabel_configs: [
      ...filters,
      copy("__meta_kubernetes_namespace", "namespace"),
      copy("__meta_kubernetes_pod_name", "pod"),
      copy("__meta_kubernetes_pod_node_name", "node"),
    ],
  };
}

/** The receiver block, keyed as the collector config expects it (receivers.prometheus/llm-gitops). */
export function prometheusReceiver(): Record<string, unknown> {
  return {
    receivers: {
      "prometheus/llm-gitops": {
        config: {
          scrape_configs: [
            // vLLM serves /metrics on its API port (8080, container port `http`).
            scrapeJob("vllm", VLLM_NAMESPACE, "/metrics", [keep(podLabel("app"), "vllm"), keep("__meta_kubernetes_pod_container_port_name", "http")]),
            scrapeJob("dcgm-exporter", GPU_OPERATOR_NAMESPACE, "/metrics", [keep(podLabel("app"), "nvidia-dcgm-exporter"), keep("__meta_kubernetes_pod_container_port_name", "metrics")]),
            // The gateway's 503s wake a model from zero (KEDA's gateway-wake trigger).
            scrapeJob("istio-gateway", GATEWAY_NAMESPACE, ENVOY_METRICS_PORT.path, [keep(podLabelPresent(GATEWAY_POD_LABEL), "true"), keep("__meta_kubernetes_pod_container_port_name", ENVOY_METRICS_PORT.name)]),
          ],
        },
      },
    },
  };
}

export function signozScrapeLayer(plan: ClusterPlan): AppUnit[] {
  const signoz = plan.config.observability.signoz;
  if (plan.observability.prometheus || !signoz || plan.models.length === 0) return [];
  const { namespace, serviceAccount } = signoz.collector;
  const labels = { "app.kubernetes.io/name": "llm-gitops-signoz-scrape" };
  const rbac = [VLLM_NAMESPACE, GPU_OPERATOR_NAMESPACE, GATEWAY_NAMESPACE].flatMap((ns) => [
    model(Role, {
      metadata: { name: DISCOVERY_ROLE, namespace: ns, labels },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }],
    }),
    model(RoleBinding, {
      metadata: { name: DISCOVERY_ROLE, namespace: ns, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: DISCOVERY_ROLE },
      subjects: [{ kind: "ServiceAccount", name: serviceAccount, namespace }],
    }),
  ]);
  return [
    {
      name: "signoz-scrape",
      layer: "prometheus",
      wave: WAVE.prometheus,
      namespace,
      description: `Prometheus receiver for SigNoz's OpenTelemetry collector (${namespace}/${serviceAccount}): vLLM, DCGM exporter, ingress gateway`,
      manifests: [
        model(ConfigMap, {
          metadata: {
            name: RECEIVER_CONFIGMAP,
            namespace,
            labels,
            annotations: { "llm-gitops.io/usage": "merge receiver.yaml into the collector config and add prometheus/llm-gitops to its metrics pipeline" },
          },
          data: { "receiver.yaml": stringify(prometheusReceiver(), { lineWidth: 0 }) },
        }),
        ...rbac,
      ],
    },
  ];
}
