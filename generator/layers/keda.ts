/** KEDA: the autoscaler that owns vLLM's replica count (scale to zero), with its CRDs and metrics. */
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { KEDA_NAMESPACE } from "../plan/keda-names.js";
import type { AppUnit } from "./app-unit.js";
import { res } from "./resources.js";
import { WAVE } from "./waves.js";


export function kedaLayer(plan: ClusterPlan): AppUnit[] {
  const { prometheus } = plan.observability;
  return [
    {
      name: "keda",
      layer: "keda",
      wave: WAVE.keda,
      namespace: KEDA_NAMESPACE,
      description: "KEDA operator, metrics API server and admission webhooks (CRDs included)",
      // scaledjobs.keda.sh is larger than the last-applied annotation allows.
      serverSideApply: true,
      chart: {
        key: "keda",
        releaseName: "keda",
        values: {
          crds: { install: true },
          prometheus: {
            metricServer: { enabled: true, serviceMonitor: { enabled: prometheus } },
            operator: { enabled: true, serviceMonitor: { enabled: prometheus } },
          },
          resources: {
            // The chart's 1 CPU limit would throttle the operator that scales every model: removed on purpose.
            operator: res("100m", "128Mi", "512Mi", null),
            metricServer: res("100m", "128Mi", "512Mi"),
            webhooks: res("50m", "64Mi", "256Mi"),
          },
        },
      },
      // KEDA rotates its own certificates into these objects.
      ignoreDifferences: [
        { group: "apiregistration.k8s.io", kind: "APIService", jsonPointers: ["/spec/caBundle"] },
        {
          group: "admissionregistration.k8s.io",
          kind: "ValidatingWebhookConfiguration",
          jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"],
        },
      ],
    },
  ];
}
