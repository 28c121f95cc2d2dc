/** cert-manager with its CRDs and Gateway API support (certificates for the routes layer's Gateway). */
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { AppUnit } from "./app-unit.js";
import { res } from "./resources.js";
import { WAVE } from "./waves.js";

export const CERT_MANAGER_NAMESPACE = "cert-manager";

/** v1.21 renamed `enableGatewayAPI` to `gatewayAPI.enabled` (the old key is deprecated, still accepted). */
export function gatewayApiConfig(version: string): Record<string, unknown> {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major > 1 || (major === 1 && minor >= 21) ? { gatewayAPI: { enabled: true } } : { enableGatewayAPI: true };
}

export function certManagerLayer(plan: ClusterPlan): AppUnit[] {
  return [
    {
      name: "cert-manager",
      layer: "cert-manager",
      wave: WAVE.certManager,
      namespace: CERT_MANAGER_NAMESPACE,
      description: "cert-manager with CRDs and Gateway API support: Let's Encrypt certificates for the ingress Gateway",
      serverSideApply: true,
      chart: {
        key: "cert-manager",
        releaseName: "cert-manager",
        values: {
          crds: { enabled: true, keep: true },
          config: {
            apiVersion: "controller.config.cert-manager.io/v1alpha1",
            kind: "ControllerConfiguration",
            ...gatewayApiConfig(plan.charts["cert-manager"].version),
          },
          resources: res("50m", "128Mi", "512Mi"),
          webhook: { resources: res("20m", "64Mi", "256Mi") },
          cainjector: { resources: res("20m", "128Mi", "512Mi") },
        },
      },
    },
  ];
}
