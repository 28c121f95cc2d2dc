/**
 * Per model a KEDA ScaledObject on the model's StatefulSet. Rules relied on (kedacore/keda v2.20.2): a trigger is
 * active when its value is above activationThreshold (pkg/scalers/prometheus_scaler.go:319); the object is active when
 * any trigger is (scale_handler.go:846-856); an inactive object goes to zero once LastActiveTime + cooldownPeriod has
 * passed (pkg/scaling/executor/scale_scaledobjects.go:212). So every way a model can be busy must be a trigger:
 *   queue          the seed's trigger on waiting requests: drives 1 -> N (HPA target queueThreshold per replica);
 *   in-flight      activation only: requests vLLM is running keep the model up (light load never queues);
 *   recent-traffic activation only: authorised requests the gateway sent the model within the last cold start's time,
 *                  including the 503 "no healthy upstream" (UH) that wakes a model at zero, so a woken replica is not
 *                  scaled away while it loads; requests refused at the edge (401/403) never count;
 *   starting       activation only (kube-prometheus-stack): a pod that exists but is not yet Ready (vLLM exports no
 *                  metrics while it loads), bounded by the startup budget so a crash-looping pod cannot hold a node;
 *   http           http-addon: the add-on's external-push trigger (held and proxied requests count as concurrency);
 *   cron           schedule: business hours.
 * The HPA adds at most one replica per scale-out cold start, so a slow GPU node does not trigger a second one.
 */
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import type { IComGithubKedacoreKedaV2ApisKedaV1alpha1ScaleTriggers as IScaleTriggers } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaleTriggers";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import { HTTP_ADDON } from "../plan/keda-names.js";
import { scheduleAnnotations, scheduleTriggers } from "./schedule-triggers.js";
import { modelLabels } from "./vllm-labels.js";
import { model } from "./model.js";

/** An activation-only trigger's threshold: never reached, so it does not drive 1 -> N, only 0 <-> 1. */
export const ACTIVATION_ONLY_THRESHOLD = "1000000";

/** KEDA's Prometheus scaler needs exactly one series: aggregate, narrowed to the model. */
export const queueQuery = (m: ModelPlan): string => `sum(${m.metrics.waiting}{${m.selector}})`;
export const inFlightQuery = (m: ModelPlan): string => `sum(${m.metrics.running}{${m.selector}})`;

/** Requests the ingress gateway answered for one destination Service (Istio's standard metric), by response code. */
export const gatewayRequestsQuery = (o: { service: string; namespace?: string; codes: string; negate?: boolean; flags?: string; window: string }): string =>
  `sum(increase(istio_requests_total{reporter="source",destination_service_name="${o.service}",${o.namespace ? `destination_service_namespace="${o.namespace}",` : ""}response_code${o.negate ? "!~" : "=~"}"${o.codes}"${o.flags ? `,response_flags="${o.flags}"` : ""}}[${o.window}]))`;

/** Requests the gateway answered 503 "no healthy upstream" (UH): authorised requests that found no ready replica. */
export const gatewayNoReplicaQuery = (m: ModelPlan, window: string): string =>
  gatewayRequestsQuery({ service: m.workload, namespace: VLLM_NAMESPACE, codes: "503", flags: "UH", window });

/** Every authorised request to the model: all codes but the edge's refusals. */
export const recentTrafficQuery = (m: ModelPlan): string =>
  gatewayRequestsQuery({ service: m.workload, namespace: VLLM_NAMESPACE, codes: "401|403", negate: true, window: `${m.timeouts.trafficWindowSeconds}s` });

/** Pods of the model created within the startup budget that are not Ready yet (kube-state-metrics). */
export const startingQuery = (m: ModelPlan): string => {
  const pods = `namespace="${VLLM_NAMESPACE}",pod=~"${m.workload}-[0-9]+"`;
  return `count((time() - kube_pod_created{${pods}}) < ${m.timeouts.readinessSeconds} and on(namespace, pod) kube_pod_status_ready{${pods},condition="false"} == 1)`;
};

function triggers(plan: ClusterPlan, m: ModelPlan): IScaleTriggers[] {
  const serverAddress = plan.observability.queryUrl;
  const activation = (name: string, query: string): IScaleTriggers => ({
    type: "prometheus",
    name,
    metadata: { serverAddress, query, threshold: ACTIVATION_ONLY_THRESHOLD, activationThreshold: "0" },
  });
  const queue: IScaleTriggers = { type: "prometheus", name: "queue", metadata: { serverAddress, query: queueQuery(m), threshold: String(m.scaling.queueThreshold) } };
  if (m.mode === "warm") return [queue];
  const busy = [activation("in-flight", inFlightQuery(m)), ...(plan.observability.prometheus ? [activation("starting", startingQuery(m))] : [])];
  switch (m.mode) {
    case "none":
      return [queue, ...busy, activation("recent-traffic", recentTrafficQuery(m))];
    case "http-addon":
      return [queue, ...busy, { type: "external-push", name: "http", metadata: { scalerAddress: HTTP_ADDON.scalerAddress, interceptorRoute: m.workload } }];
    case "schedule":
      return [queue, ...busy, activation("recent-traffic", recentTrafficQuery(m)), ...scheduleTriggers(m)];
  }
}

export function scaledObject(plan: ClusterPlan, m: ModelPlan): ScaledObject {
  const s = m.scaling;
  return model(ScaledObject, {
    metadata: { name: `${m.workload}-scaler`, namespace: VLLM_NAMESPACE, labels: modelLabels(m), ...scheduleAnnotations(m) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: m.workload },
      minReplicaCount: m.minReplicas,
      maxReplicaCount: s.maxReplicas,
      cooldownPeriod: s.cooldownPeriod,
      pollingInterval: s.pollingInterval,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: "Pods", value: 1, periodSeconds: m.timeouts.scaleUpPeriodSeconds }] },
            scaleDown: { stabilizationWindowSeconds: s.cooldownPeriod, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
          },
        },
      },
      triggers: triggers(plan, m),
    },
  });
}
