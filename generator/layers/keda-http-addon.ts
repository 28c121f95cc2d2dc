/**
 * KEDA HTTP add-on (http-addon scale-from-zero mode): the interceptor proxy holds a request while the model scales
 * from zero instead of the gateway answering 503. Rendered only when a model of the cluster uses the mode.
 */
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { HTTP_ADDON } from "../plan/keda-names.js";
import type { AppUnit } from "./app-unit.js";
import { res } from "./resources.js";
import { WAVE } from "./waves.js";


export function kedaHttpAddonLayer(plan: ClusterPlan): AppUnit[] {
  const models = plan.models.filter((m) => m.mode === "http-addon");
  if (models.length === 0) return [];
  const readiness = Math.max(...models.map((m) => m.timeouts.readinessSeconds));
  const responseHeader = Math.max(...models.map((m) => m.timeouts.responseHeaderSeconds));
  return [
    {
      name: "keda-add-ons-http",
      layer: "keda",
      wave: WAVE.kedaHttpAddon,
      namespace: HTTP_ADDON.namespace,
      description: "KEDA HTTP add-on: interceptor proxy that holds requests during a scale from zero (InterceptorRoute CRD)",
      chart: {
        key: "keda-add-ons-http",
        releaseName: "keda-add-ons-http",
        values: {
          crds: { install: true },
          operator: { resources: res("100m", "64Mi", "256Mi") },
          scaler: { resources: res("100m", "64Mi", "256Mi") },
          interceptor: {
            // Defaults for routes without their own timeouts; every InterceptorRoute we render sets its own.
            readinessTimeout: `${readiness}s`,
            responseHeaderTimeout: `${responseHeader}s`,
            replicas: { min: 2, max: 10 },
            // All model traffic passes the interceptor: no CPU limit (the chart's 0.5 CPU would throttle streaming).
            resources: res("250m", "128Mi", "512Mi", null),
          },
        },
      },
    },
  ];
}
