/**
 * Per model a KEDA ScaledObject: the seed's Prometheus trigger on waiting requests (1 -> N), scale to zero after
 * cooldownPeriod, and an HPA scale-up policy that adds at most one replica per cold start, so a slow GPU node does
 * not trigger a second one while the first is still loading.
 */
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import type { AppUnit } from "./app-unit.js";
import { PROMETHEUS_URL } from "./prometheus-names.js";
import { modelLabels } from "./vllm.js";
import { WAVE } from "./waves.js";

/** KEDA's Prometheus scaler needs exactly one series: aggregate, narrowed to the model. */
export const queueQuery = (m: ModelPlan): string => `sum(${m.metrics.waiting}{${m.selector}})`;

export function scaledObject(m: ModelPlan): ScaledObject {
  const s = m.config.scaling;
  const scaleUpPeriod = Math.min(1800, s.coldStartSeconds);
  return new ScaledObject({
    metadata: { name: `${m.workload}-scaler`, namespace: VLLM_NAMESPACE, labels: modelLabels(m) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: m.workload },
      minReplicaCount: m.minReplicas,
      maxReplicaCount: s.maxReplicas,
      cooldownPeriod: s.cooldownPeriod,
      pollingInterval: s.pollingInterval,
      // A freshly started replica is not scaled back to zero before it could serve once.
      initialCooldownPeriod: s.coldStartSeconds,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: "Pods", value: 1, periodSeconds: scaleUpPeriod }] },
            scaleDown: { stabilizationWindowSeconds: s.cooldownPeriod, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
          },
        },
      },
      triggers: [
        {
          type: "prometheus",
          metadata: {
            serverAddress: PROMETHEUS_URL,
            query: queueQuery(m),
            threshold: String(s.queueThreshold),
          },
        },
      ],
    },
  });
}

export function kedaScalingLayer(plan: ClusterPlan): AppUnit[] {
  if (plan.models.length === 0 || plan.config.observability.backend !== "kube-prometheus-stack") return [];
  return [
    {
      name: "vllm-scaling",
      layer: "keda",
      wave: WAVE.kedaScaling,
      namespace: VLLM_NAMESPACE,
      description: "KEDA ScaledObjects for the vLLM Deployments (queue-depth trigger, scale to zero)",
      manifests: plan.models.map(scaledObject),
    },
  ];
}
