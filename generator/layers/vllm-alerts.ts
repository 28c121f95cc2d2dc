/**
 * The PrometheusRule for vLLM: the seed's two alerts (TTFT p95, KV cache) with version-correct metric names and
 * per-model thresholds, plus what an operator of this stack needs next.
 */
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { DCGM } from "../catalog/vllm.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: { summary: string; description: string };
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
      expr: `kube_deployment_status_replicas_available{namespace="${VLLM_NAMESPACE}",deployment="${m.workload}"} > 0 unless on() (sum(up{namespace="${VLLM_NAMESPACE}",service="${m.workload}"}) > 0)`,
      for: "5m",
      labels: { severity: "critical", model: m.name },
      annotations: {
        summary: `vLLM ${m.name} has available replicas but Prometheus scrapes none`,
        description: "Replicas are up but no /metrics target answers: autoscaling (KEDA reads these metrics) and alerts are blind. Check the Service port 'metrics' and the ServiceMonitor.",
      },
    },
    {
      alert: "VllmQueueAtMaxReplicas",
      expr: `sum(${m.metrics.waiting}{${m.selector}}) > 0 and on() kube_deployment_spec_replicas{namespace="${VLLM_NAMESPACE}",deployment="${m.workload}"} >= ${m.config.scaling.maxReplicas}`,
      for: "10m",
      labels,
      annotations: {
        summary: `vLLM ${m.name} has waiting requests at its maximum of ${m.config.scaling.maxReplicas} replicas`,
        description: "{{ $value }} requests are waiting and KEDA cannot add replicas: raise scaling.maxReplicas (and nodePools.gpu.max) or shed load.",
      },
    },
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
  return new PrometheusRule({
    metadata: { name: "vllm", namespace: VLLM_NAMESPACE, labels: { app: "vllm", release: "kube-prometheus-stack" } },
    spec: {
      groups: [
        ...plan.models.map((m) => ({ name: `vllm-${m.name}`, rules: modelAlerts(m) })),
        { name: "gpu", rules: gpuAlerts() },
      ],
    },
  });
}
