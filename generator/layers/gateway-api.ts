/** Gateway API CRDs (standard channel) from the upstream repository: Istio, cert-manager and the routes need them. */
import type { AppUnit } from "./app-unit.js";
import { WAVE } from "./waves.js";

export function gatewayApiLayer(): AppUnit[] {
  return [
    {
      name: "gateway-api-crds",
      layer: "gateway-api",
      wave: WAVE.gatewayApi,
      namespace: "kube-system",
      description: "Kubernetes Gateway API CRDs (standard channel), installed before Istio and cert-manager start",
      git: { key: "gateway-api" },
      serverSideApply: true,
    },
  ];
}
