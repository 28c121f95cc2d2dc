/**
 * vLLM serving: per model a Deployment of the official vllm/vllm-openai image (no `replicas`: KEDA owns them), a
 * Service with ports `http` and `metrics`, a PVC for the Hugging Face cache and a ServiceMonitor; one PrometheusRule.
 */
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Service } from "kubernetes-models/v1/Service";
import { DASHBOARD_UID, vllmOverview } from "../dashboards/vllm-overview.js";
import { GPU_FLAVORS } from "../catalog/ovh.js";
import { VLLM_IMAGE } from "../catalog/vllm.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, VLLM_PORT, type ModelPlan } from "../plan/model-plan.js";
import type { AppUnit } from "./app-unit.js";
import { gpuNodeSelector, gpuToleration } from "./gpu-operator.js";
import { DASHBOARD_LABEL } from "./prometheus.js";
import { HEALTH_PATH } from "./gateway-names.js";
import { PROMETHEUS_RELEASE } from "./prometheus-names.js";
import { cacheVolume, sharedCache } from "./vllm-cache.js";
import { networkPolicies } from "./vllm-network-policies.js";
import { vllmPrometheusRule } from "./vllm-alerts.js";
import { WAVE } from "./waves.js";

const CACHE_MOUNT = "/data";

export const modelLabels = (m: ModelPlan) => ({ app: "vllm", "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": m.workload, model: m.name });
export const modelSelector = (m: ModelPlan) => ({ app: "vllm", "app.kubernetes.io/instance": m.workload });

/** The startup probe must outlast a cold model load (liveness would otherwise kill it): at least 600 s. */
export const startupBudgetSeconds = (m: ModelPlan): number => Math.max(600, 2 * m.config.scaling.coldStartSeconds);

export function vllmArgs(m: ModelPlan): string[] {
  // No --quantization: vLLM detects AWQ checkpoints and picks the fast awq_marlin kernel; `awq` would force the slow one.
  return [
    m.spec.huggingFaceRepo,
    "--host=0.0.0.0",
    `--port=${VLLM_PORT}`,
    `--served-model-name=${m.name}`,
    `--max-model-len=${m.config.maxModelLen}`,
    `--gpu-memory-utilization=${m.gpuMemoryUtilization}`,
    `--tensor-parallel-size=${m.gpus}`,
  ];
}

function deployment(plan: ClusterPlan, m: ModelPlan): Deployment {
  const flavor = GPU_FLAVORS[plan.config.nodePools.gpu.flavor as keyof typeof GPU_FLAVORS];
  const { secrets } = plan.config;
  const cpu = Math.max(1, flavor.vcpus - 2);
  const memRequest = Math.floor(flavor.ramGiB * 0.6);
  const memLimit = Math.floor(flavor.ramGiB * 0.85);
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: "http" },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold,
  });
  return new Deployment({
    metadata: { name: m.workload, namespace: VLLM_NAMESPACE, labels: modelLabels(m) },
    spec: {
      // KEDA owns the replica count; Argo CD ignores /spec/replicas (see the vllm Application).
      progressDeadlineSeconds: 3600,
      revisionHistoryLimit: 3,
      // The old pod lets go of its GPU (and a ReadWriteOnce cache) before the new one starts: a rolling update would
      // need a spare GPU node.
      strategy: { type: "Recreate" },
      selector: { matchLabels: modelSelector(m) },
      template: {
        metadata: { labels: modelLabels(m) },
        spec: {
          nodeSelector: { ...gpuNodeSelector },
          tolerations: [{ ...gpuToleration }],
          terminationGracePeriodSeconds: 60,
          // vLLM never talks to the Kubernetes API.
          automountServiceAccountToken: false,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "vllm",
              image: `${VLLM_IMAGE}:${m.vllmVersion}`,
              command: ["vllm", "serve"],
              args: vllmArgs(m),
              env: [
                { name: "HF_HOME", value: `${CACHE_MOUNT}/huggingface` },
                // api-key mode: vLLM checks the key on /v1/* (the Gateway only requires a Bearer header). jwt mode: the
                // Gateway validates tokens, and NetworkPolicies keep everything but the gateway path away from vLLM.
                ...(plan.config.auth.mode === "api-key" ? [{ name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { ...secrets.apiKey } } }] : []),
                { name: "HF_TOKEN", valueFrom: { secretKeyRef: { ...secrets.hfToken, optional: true } } },
              ],
              ports: [{ name: "http", containerPort: VLLM_PORT, protocol: "TCP" }],
              resources: {
                requests: { cpu: String(cpu), memory: `${memRequest}Gi`, "nvidia.com/gpu": String(m.gpus) },
                limits: { memory: `${memLimit}Gi`, "nvidia.com/gpu": String(m.gpus) },
              },
              startupProbe: probe(HEALTH_PATH, 10, startupBudgetSeconds(m) / 10),
              readinessProbe: probe(HEALTH_PATH, 10, 3),
              livenessProbe: probe(HEALTH_PATH, 15, 4),
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              volumeMounts: [
                { name: "cache", mountPath: CACHE_MOUNT },
                { name: "dshm", mountPath: "/dev/shm" },
              ],
            },
          ],
          volumes: [
            cacheVolume(m),
            { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "8Gi" } },
          ],
        },
      },
    },
  });
}

const service = (m: ModelPlan) =>
  new Service({
    metadata: { name: m.workload, namespace: VLLM_NAMESPACE, labels: modelLabels(m) },
    spec: {
      type: "ClusterIP",
      selector: modelSelector(m),
      ports: [
        { name: "http", port: VLLM_PORT, targetPort: "http", protocol: "TCP" },
        // Same container port, its own name: the ServiceMonitor scrapes `metrics`, routes use `http`.
        { name: "metrics", port: VLLM_PORT + 1, targetPort: "http", protocol: "TCP" },
      ],
    },
  });

const serviceMonitor = (m: ModelPlan) =>
  new ServiceMonitor({
    metadata: { name: m.workload, namespace: VLLM_NAMESPACE, labels: { ...modelLabels(m), release: PROMETHEUS_RELEASE } },
    spec: {
      namespaceSelector: { matchNames: [VLLM_NAMESPACE] },
      selector: { matchLabels: modelSelector(m) },
      endpoints: [{ port: "metrics", path: "/metrics", interval: "15s" }],
    },
  });

/** Grafana's dashboard sidecar loads every ConfigMap with this label (searchNamespace: ALL): no manual import. */
const dashboardConfigMap = (plan: ClusterPlan) =>
  new ConfigMap({
    metadata: { name: `${DASHBOARD_UID}-dashboard`, namespace: VLLM_NAMESPACE, labels: { app: "vllm", [DASHBOARD_LABEL.key]: DASHBOARD_LABEL.value } },
    data: { [`${DASHBOARD_UID}.json`]: `${JSON.stringify(vllmOverview(plan), null, 2)}\n` },
  });

export function vllmLayer(plan: ClusterPlan): AppUnit[] {
  if (plan.models.length === 0) return [];
  const { prometheus } = plan.observability;
  return [
    {
      name: "vllm",
      layer: "vllm",
      wave: WAVE.vllm,
      namespace: VLLM_NAMESPACE,
      description: `vLLM OpenAI-compatible servers: ${plan.models.map((m) => `${m.name} (${m.spec.huggingFaceRepo}, vLLM ${m.vllmVersion})`).join(", ")}`,
      manifests: [
        ...plan.models.flatMap((m) => [...sharedCache(m), deployment(plan, m), service(m), ...(prometheus ? [serviceMonitor(m)] : [])]),
        ...(prometheus ? [vllmPrometheusRule(plan), dashboardConfigMap(plan)] : []),
        ...networkPolicies(plan),
      ],
      // KEDA owns replicas; without this selfHeal would fight it.
      ignoreDifferences: [{ group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas"] }],
    },
  ];
}
