/**
 * vLLM serving, the last wave: per model a StatefulSet of the official vllm/vllm-openai image (one persistent cache
 * volume per replica, kept across scale to zero), a Service with ports `http` and `metrics`, a ServiceMonitor, and the
 * model's scaling objects (ScaledObject, and the InterceptorRoute in http-addon mode); one PrometheusRule, the
 * dashboard and the NetworkPolicies. Nothing waits on this Application: a model that cannot start stalls nothing else.
 */
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Service } from "kubernetes-models/v1/Service";
import { DASHBOARD_UID, vllmOverview } from "../dashboards/vllm-overview.js";
import { VLLM_IMAGE, supportsShutdownTimeout } from "../catalog/vllm.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, VLLM_PORT, type ModelPlan } from "../plan/model-plan.js";
import type { AppUnit, KubeObject } from "./app-unit.js";
import { DASHBOARD_LABEL } from "./prometheus.js";
import { HEALTH_PATH } from "../plan/gateway-names.js";
import { interceptorRoute } from "./interceptor-route.js";
import { scaledObject } from "./keda-scaling.js";
import { PROMETHEUS_RELEASE } from "../plan/prometheus-names.js";
import { CACHE_MOUNT, cacheClaimTemplates, cacheVolumes, sharedCache } from "./vllm-cache.js";
import { modelLabels, modelSelector } from "./vllm-labels.js";
import { networkPolicies } from "./vllm-network-policies.js";
import { vllmPrometheusRule } from "./vllm-alerts.js";
import { WAVE } from "./waves.js";
import { model } from "./model.js";

export function vllmArgs(m: ModelPlan): string[] {
  // No --quantization: vLLM detects AWQ checkpoints and picks the fast awq_marlin kernel; `awq` would force the slow one.
  return [
    m.spec.huggingFaceRepo,
    "--host=0.0.0.0",
    `--port=${VLLM_PORT}`,
    `--served-model-name=${m.name}`,
    `--max-model-len=${m.maxModelLen}`,
    `--gpu-memory-utilization=${m.gpuMemoryUtilization}`,
    `--tensor-parallel-size=${m.gpus}`,
    ...m.architecture.args,
    // SIGTERM rejects new requests and lets in-flight ones finish (the default 0 aborts them).
    ...(supportsShutdownTimeout(m.vllmVersion) ? [`--shutdown-timeout=${m.timeouts.shutdownSeconds}`] : []),
  ];
}

/**
 * Before vLLM gets SIGTERM: wait for the endpoint removal to reach the gateway. vLLM without --shutdown-timeout (before
 * v0.18) aborts in-flight requests on SIGTERM, so there the hook also waits until its own metrics show none running.
 */
function preStop(m: ModelPlan): string[] {
  if (supportsShutdownTimeout(m.vllmVersion)) return ["sleep", String(m.timeouts.preStopSeconds)];
  const drain = [
    "import re, time, urllib.request",
    `time.sleep(${m.timeouts.preStopSeconds})`,
    "while True:",
    "    try:",
    `        text = urllib.request.urlopen("http://127.0.0.1:${VLLM_PORT}/metrics", timeout=5).read().decode()`,
    "    except Exception:",
    "        break",
    '    if sum(float(v) for v in re.findall(r"^vllm:num_requests_(?:running|waiting)\\{[^}]*\\} (\\S+)$", text, re.M)) == 0:',
    "        break",
    "    time.sleep(5)",
  ].join("\n");
  return ["python3", "-c", drain];
}

function statefulSet(plan: ClusterPlan, m: ModelPlan): StatefulSet {
  const { flavor } = plan.gpuPool;
  const { secrets } = plan.config;
  const cpu = Math.max(1, flavor.vcpus - 2);
  const memRequest = Math.floor(flavor.ramGiB * 0.6);
  const memLimit = Math.floor(flavor.ramGiB * 0.85);
  const probe = (periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path: HEALTH_PATH, port: "http" },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold,
  });
  const t = m.timeouts;
  return model(StatefulSet, {
    metadata: { name: m.workload, namespace: VLLM_NAMESPACE, labels: modelLabels(m) },
    spec: {
      // Created at the minimum (0 for scale-to-zero modes: the first sync starts no GPU node); afterwards KEDA owns the
      // count and Argo CD ignores /spec/replicas (RespectIgnoreDifferences applies to existing objects only).
      replicas: m.minReplicas,
      serviceName: m.workload,
      // Replicas start and stop independently: scaling 0 -> 2 does not wait for the first model to load.
      podManagementPolicy: "Parallel",
      // A replica's volume (weights and vLLM's compile cache) stays when it is scaled away and is reused when that
      // ordinal comes back; deleting the model deletes its volumes.
      persistentVolumeClaimRetentionPolicy: { whenScaled: "Retain", whenDeleted: "Delete" },
      updateStrategy: { type: "RollingUpdate" },
      revisionHistoryLimit: 3,
      selector: { matchLabels: modelSelector(m) },
      template: {
        metadata: { labels: modelLabels(m) },
        spec: {
          nodeSelector: { ...plan.gpuPool.nodeSelector },
          tolerations: [{ ...plan.gpuPool.toleration }],
          terminationGracePeriodSeconds: t.terminationGraceSeconds,
          // vLLM never talks to the Kubernetes API.
          automountServiceAccountToken: false,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "vllm",
              image: `${VLLM_IMAGE}:${m.vllmVersion}`,
              imagePullPolicy: "IfNotPresent",
              command: ["vllm", "serve"],
              args: vllmArgs(m),
              env: [
                { name: "HF_HOME", value: `${CACHE_MOUNT}/huggingface` },
                // torch.compile and CUDA graph caches on the same volume: a warm restart skips most of the engine start.
                { name: "VLLM_CACHE_ROOT", value: `${CACHE_MOUNT}/vllm` },
                // vLLM checks the key again behind the Gateway (api-key mode); in jwt mode NetworkPolicies keep everything
                // but the gateway path away from vLLM.
                ...(plan.config.auth.mode === "api-key" ? [{ name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { ...secrets.apiKey } } }] : []),
                // A gated repo cannot download without the token: the pod must not start without it.
                { name: "HF_TOKEN", valueFrom: { secretKeyRef: { ...secrets.hfToken, ...(m.spec.gated ? {} : { optional: true }) } } },
              ],
              ports: [{ name: "http", containerPort: VLLM_PORT, protocol: "TCP" }],
              resources: {
                requests: { cpu: String(cpu), memory: `${memRequest}Gi`, "nvidia.com/gpu": String(m.gpus) },
                limits: { memory: `${memLimit}Gi`, "nvidia.com/gpu": String(m.gpus) },
              },
              startupProbe: probe(t.startupProbePeriodSeconds, t.startupProbeSeconds / t.startupProbePeriodSeconds),
              readinessProbe: probe(10, 3),
              livenessProbe: probe(15, 4),
              lifecycle: { preStop: { exec: { command: preStop(m) } } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              volumeMounts: [
                { name: "cache", mountPath: CACHE_MOUNT },
                { name: "dshm", mountPath: "/dev/shm" },
              ],
            },
          ],
          volumes: [...cacheVolumes(m), { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "8Gi" } }],
        },
      },
      ...cacheClaimTemplates(m),
    },
  });
}

const service = (m: ModelPlan) =>
  model(Service, {
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
  model(ServiceMonitor, {
    metadata: { name: m.workload, namespace: VLLM_NAMESPACE, labels: { ...modelLabels(m), release: PROMETHEUS_RELEASE } },
    spec: {
      namespaceSelector: { matchNames: [VLLM_NAMESPACE] },
      selector: { matchLabels: modelSelector(m) },
      endpoints: [{ port: "metrics", path: "/metrics", interval: "15s" }],
    },
  });

/** Grafana's dashboard sidecar loads every ConfigMap with this label (searchNamespace: ALL): no manual import. */
const dashboardConfigMap = (plan: ClusterPlan) =>
  model(ConfigMap, {
    metadata: { name: `${DASHBOARD_UID}-dashboard`, namespace: VLLM_NAMESPACE, labels: { app: "vllm", [DASHBOARD_LABEL.key]: DASHBOARD_LABEL.value } },
    data: { [`${DASHBOARD_UID}.json`]: `${JSON.stringify(vllmOverview(plan), null, 2)}\n` },
  });

/** Per model: its volumes, workload, Service, scraping and scaling objects. */
function modelObjects(plan: ClusterPlan, m: ModelPlan): KubeObject[] {
  return [
    ...sharedCache(m),
    statefulSet(plan, m),
    service(m),
    ...(plan.observability.prometheus ? [serviceMonitor(m)] : []),
    ...(m.mode === "http-addon" ? [interceptorRoute(m)] : []),
    scaledObject(plan, m),
  ];
}

export function vllmLayer(plan: ClusterPlan): AppUnit[] {
  if (plan.models.length === 0) return [];
  const { prometheus } = plan.observability;
  return [
    {
      name: "vllm",
      layer: "vllm",
      wave: WAVE.vllm,
      namespace: VLLM_NAMESPACE,
      description: `vLLM OpenAI-compatible servers with their KEDA scaling: ${plan.models.map((m) => `${m.name} (${m.spec.huggingFaceRepo}, vLLM ${m.vllmVersion})`).join(", ")}`,
      manifests: [...plan.models.flatMap((m) => modelObjects(plan, m)), ...(prometheus ? [vllmPrometheusRule(plan), dashboardConfigMap(plan)] : []), ...networkPolicies(plan)],
      // KEDA owns replicas; without this selfHeal would fight it.
      ignoreDifferences: [{ group: "apps", kind: "StatefulSet", jsonPointers: ["/spec/replicas"] }],
    },
  ];
}
