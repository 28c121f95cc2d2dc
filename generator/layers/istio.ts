/** Istio control plane (base CRDs, then istiod). istiod deploys a gateway per Gateway API `Gateway` on its own. */
import type { AppUnit } from "./app-unit.js";
import { res } from "./resources.js";
import { WAVE } from "./waves.js";

export const ISTIO_NAMESPACE = "istio-system";

export function istioLayer(): AppUnit[] {
  return [
    {
      name: "istio-base",
      layer: "istio",
      wave: WAVE.istioBase,
      namespace: ISTIO_NAMESPACE,
      description: "Istio CRDs and cluster roles (base chart)",
      serverSideApply: true,
      chart: { key: "istio-base", releaseName: "istio-base", values: { defaultRevision: "default" } },
      // istiod rewrites the validating webhook's failurePolicy once it is up.
      ignoreDifferences: [
        {
          group: "admissionregistration.k8s.io",
          kind: "ValidatingWebhookConfiguration",
          name: "istiod-default-validator",
          jsonPointers: ["/webhooks/0/failurePolicy"],
        },
      ],
    },
    {
      name: "istiod",
      layer: "istio",
      wave: WAVE.istiod,
      namespace: ISTIO_NAMESPACE,
      description: "Istio control plane (istiod); Gateway API support is built in",
      chart: {
        key: "istiod",
        releaseName: "istiod",
        values: {
          autoscaleMin: 1,
          resources: res("200m", "512Mi", "2Gi"),
          // Paths are normalised (and `//` merged) before AuthorizationPolicy matching, so `/v1/../tokenize` cannot slip
          // past the Gateway's /v1/* allowlist.
          meshConfig: { accessLogFile: "/dev/stdout", pathNormalization: { normalization: "MERGE_SLASHES" } },
          global: { proxy: { resources: res("50m", "64Mi", "512Mi") } },
        },
      },
      ignoreDifferences: [
        {
          group: "admissionregistration.k8s.io",
          kind: "ValidatingWebhookConfiguration",
          jqPathExpressions: [".webhooks[]?.clientConfig.caBundle", ".webhooks[]?.failurePolicy"],
        },
        {
          group: "admissionregistration.k8s.io",
          kind: "MutatingWebhookConfiguration",
          jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"],
        },
      ],
    },
  ];
}
