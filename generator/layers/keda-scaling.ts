/**
 * Per model a KEDA ScaledObject: the seed's Prometheus trigger on waiting requests (1 -> N), scale to zero after
 * cooldownPeriod, and an HPA scale-up policy that adds at most one replica per cold start, so a slow GPU node does
 * not trigger a second one while the first is still loading. The mode decides what brings a model back from zero:
 *   none       a gateway 503 to the model wakes it (the request that found no replica has failed),
 *   warm       nothing needed: minReplicaCount >= 1,
 *   http-addon the HTTP add-on's external-push trigger on an InterceptorRoute (the request is held),
 *   schedule   cron triggers warm it before business hours; outside them it behaves like none.
 */
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import type { IComGithubKedacoreKedaV2ApisKedaV1alpha1ScaleTriggers as IScaleTriggers } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaleTriggers";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import type { AppUnit, KubeObject } from "./app-unit.js";
import { interceptorRoute } from "./interceptor-route.js";
import { HTTP_ADDON } from "./keda-http-addon.js";
import { scheduleAnnotations, scheduleTriggers } from "./schedule-triggers.js";
import { modelLabels } from "./vllm.js";
import { WAVE } from "./waves.js";

/** KEDA's Prometheus scaler needs exactly one series: aggregate, narrowed to the model. */
export const queueQuery = (m: ModelPlan): string => `sum(${m.metrics.waiting}{${m.selector}})`;

/** Requests the ingress gateway answered with `codes` for one destination Service (Istio's standard metric). */
export const gatewayErrorsQuery = (o: { service: string; namespace?: string; codes: string; window: string }): string =>
  `sum(increase(istio_requests_total{reporter="source",destination_service_name="${o.service}",${o.namespace ? `destination_service_namespace="${o.namespace}",` : ""}response_code=~"${o.codes}"}[${o.window}]))`;

/** Requests the gateway answered 503/504 because the model had no ready replica. */
export const gatewayFailuresQuery = (m: ModelPlan, window: string): string =>
  gatewayErrorsQuery({ service: m.workload, namespace: VLLM_NAMESPACE, codes: "503|504", window });

function triggers(plan: ClusterPlan, m: ModelPlan): IScaleTriggers[] {
  const s = m.config.scaling;
  const queue: IScaleTriggers = {
    type: "prometheus",
    name: "queue",
    metadata: { serverAddress: plan.observability.queryUrl, query: queueQuery(m), threshold: String(s.queueThreshold) },
  };
  // Activation only (0 -> 1): any failed request activates; the threshold is out of reach so it never drives 1 -> N.
  const wake: IScaleTriggers = {
    type: "prometheus",
    name: "gateway-wake",
    metadata: {
      serverAddress: plan.observability.queryUrl,
      query: gatewayFailuresQuery(m, "2m"),
      threshold: "1000000",
      activationThreshold: "0",
    },
  };
  switch (m.mode) {
    case "warm":
      return [queue];
    case "none":
      return [queue, wake];
    case "http-addon":
      return [queue, { type: "external-push", name: "http", metadata: { scalerAddress: HTTP_ADDON.scalerAddress, interceptorRoute: m.workload } }];
    case "schedule":
      return [queue, wake, ...scheduleTriggers(m)];
  }
}

export function scaledObject(plan: ClusterPlan, m: ModelPlan): ScaledObject {
  const s = m.config.scaling;
  return new ScaledObject({
    metadata: { name: `${m.workload}-scaler`, namespace: VLLM_NAMESPACE, labels: modelLabels(m), ...scheduleAnnotations(m) },
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
            scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: "Pods", value: 1, periodSeconds: m.scaleUpPeriodSeconds }] },
            scaleDown: { stabilizationWindowSeconds: s.cooldownPeriod, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
          },
        },
      },
      triggers: triggers(plan, m),
    },
  });
}

export function kedaScalingLayer(plan: ClusterPlan): AppUnit[] {
  if (plan.models.length === 0) return [];
  const manifests: KubeObject[] = plan.models.flatMap((m) => [...(m.mode === "http-addon" ? [interceptorRoute(m)] : []), scaledObject(plan, m)]);
  return [
    {
      name: "vllm-scaling",
      layer: "keda",
      wave: WAVE.kedaScaling,
      namespace: VLLM_NAMESPACE,
      description: "KEDA ScaledObjects for the vLLM Deployments (queue-depth trigger, scale to zero and back)",
      manifests,
    },
  ];
}
