/**
 * The PrometheusRule for vLLM: the seed's two alerts (TTFT p95, KV cache) with version-correct metric names and
 * per-model thresholds, plus what an operator of this stack needs next.
 */
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { DCGM } from "../catalog/vllm.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { HTTP_ADDON } from "../plan/keda-names.js";
import { gatewayNoReplicaQuery, gatewayRequestsQuery } from "./keda-scaling.js";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import { model } from "./model.js";

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: { summary: string; description: string };
}

/**
 * Requests that found no ready replica: the gateway answers 503 (or 504 after its timeout). In modes none and
 * schedule the request that wakes a model from zero is one of them by design; the alert says how many there were.
 * With the HTTP add-on the gateway talks to the interceptor instead, which has its own alert.
 */
function scaleFromZeroAlert(m: ModelPlan): AlertRule[] {
  if (m.mode === "http-addon") return [];
  return [
    {
      alert: "VllmScaleFromZeroFailures",
      expr: `${gatewayNoReplicaQuery(m, "10m")} > 0`,
      for: "0m",
      labels: { severity: "warning", model: m.name },
      annotations: {
        summary: `Requests to ${m.name} failed at the gateway while no replica was ready`,
        description: `{{ $value | humanize }} authorised requests got 503 (no healthy upstream) in 10 minutes (scaling mode ${m.mode}: a model at zero replicas answers 503 until a replica is ready, about ${m.coldStart.totalSeconds}s). Clients should retry with backoff; use mode warm, http-addon or schedule if this is not acceptable.`,
      },
    },
  ];
}

/** The interceptor answers 502/504 when a held request's backend does not become ready within the readiness timeout. */
export function interceptorAlerts(plan: ClusterPlan): AlertRule[] {
  if (!plan.httpAddon) return [];
  return [
    {
      alert: "KedaInterceptorRequestFailures",
      expr: `${gatewayRequestsQuery({ service: HTTP_ADDON.interceptorService, codes: "502|503|504", window: "10m" })} > 0`,
      for: "0m",
      labels: { severity: "warning" },
      annotations: {
        summary: "Requests through the KEDA HTTP interceptor failed",
        description: "{{ $value | humanize }} requests got 502/503/504 from the interceptor in 10 minutes: a cold start took longer than the route's readiness timeout, or the interceptor is unhealthy.",
      },
    },
  ];
}

export function modelAlerts(m: ModelPlan): AlertRule[] {
  const t = m.thresholds;
  const labels = { severity: "warning", model: m.name };
  return [
    {
      alert: "VllmHighTTFT",
      expr: `histogram_quantile(0.95, sum by (le) (rate(${m.metrics.ttftBucket}{${m.selector}}[5m]))) > ${t.ttftP95Seconds}`,
      for: "2m",
      labels,
      annotations: {
        summary: `vLLM p95 TTFT above ${t.ttftP95Seconds}s (${m.name})`,
        description: "p95 time-to-first-token is {{ $value | humanizeDuration }}. Consider scaling up or switching to a quantized model.",
      },
    },
    {
      alert: "VllmKvCacheHigh",
      expr: `${m.metrics.kvCacheUsage}{${m.selector}} > ${t.kvCacheUsage}`,
      for: "5m",
      labels,
      annotations: {
        summary: `vLLM KV cache above ${Math.round(t.kvCacheUsage * 100)}% (${m.name})`,
        description: "KV cache is at {{ $value | humanizePercentage }}. Reduce max_model_len or add a replica.",
      },
    },
    {
      alert: "VllmTargetDown",
      expr: `kube_statefulset_status_replicas_ready{namespace="${VLLM_NAMESPACE}",statefulset="${m.workload}"} > 0 unless on() (sum(up{namespace="${VLLM_NAMESPACE}",service="${m.workload}"}) > 0)`,
      for: "5m",
      labels: { severity: "critical", model: m.name },
      annotations: {
        summary: `vLLM ${m.name} has available replicas but Prometheus scrapes none`,
        description: "Replicas are up but no /metrics target answers: autoscaling (KEDA reads these metrics) and alerts are blind. Check the Service port 'metrics' and the ServiceMonitor.",
      },
    },
    {
      alert: "VllmQueueAtMaxReplicas",
      expr: `sum(${m.metrics.waiting}{${m.selector}}) > 0 and on() kube_statefulset_replicas{namespace="${VLLM_NAMESPACE}",statefulset="${m.workload}"} >= ${m.scaling.maxReplicas}`,
      for: "10m",
      labels,
      annotations: {
        summary: `vLLM ${m.name} has waiting requests at its maximum of ${m.scaling.maxReplicas} replicas`,
        description: "{{ $value }} requests are waiting and KEDA cannot add replicas: raise scaling.maxReplicas (and nodePools.gpu.max) or shed load.",
      },
    },
    {
      alert: "VllmStuckStarting",
      expr: `count((time() - kube_pod_created{namespace="${VLLM_NAMESPACE}",pod=~"${m.workload}-[0-9]+"}) > ${m.timeouts.readinessSeconds} and on(namespace, pod) kube_pod_status_ready{namespace="${VLLM_NAMESPACE}",pod=~"${m.workload}-[0-9]+",condition="false"} == 1) > 0`,
      for: "0m",
      labels: { severity: "critical", model: m.name },
      annotations: {
        summary: `A vLLM ${m.name} pod is not Ready ${m.timeouts.readinessSeconds}s after it was created`,
        description: `{{ $value }} pod(s) exceeded the cold-start budget (${m.coldStart.firstStartSeconds}s expected for a first start). A pod waiting for a GPU node, a missing Secret or a failing model load holds GPU capacity (or a node request) without serving: check kubectl -n ${VLLM_NAMESPACE} describe pod, the GPU pool and the HF token.`,
      },
    },
    ...scaleFromZeroAlert(m),
  ];
}

/** GPU memory nearly full: vLLM pre-allocates gpu-memory-utilization of VRAM, so the threshold sits above it. */
export function gpuAlerts(): AlertRule[] {
  return [
    {
      alert: "GpuMemoryNearlyFull",
      expr: `${DCGM.fbUsed} / (${DCGM.fbUsed} + ${DCGM.fbFree}) > 0.98`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "GPU framebuffer above 98% on {{ $labels.Hostname }} GPU {{ $labels.gpu }}",
        description: "VRAM is {{ $value | humanizePercentage }} used, above what vLLM pre-allocates (gpu-memory-utilization). Another process shares the GPU or vLLM is about to fail allocations.",
      },
    },
  ];
}

export function vllmPrometheusRule(plan: ClusterPlan): PrometheusRule {
  return model(PrometheusRule, {
    metadata: { name: "vllm", namespace: VLLM_NAMESPACE, labels: { app: "vllm", release: "kube-prometheus-stack" } },
    spec: {
      groups: [
        ...plan.models.map((m) => ({ name: `vllm-${m.name}`, rules: modelAlerts(m) })),
        { name: "gpu", rules: gpuAlerts() },
        ...(plan.httpAddon ? [{ name: "keda-http-addon", rules: interceptorAlerts(plan) }] : []),
      ],
    },
  });
}
