/**
 * Let's Encrypt ClusterIssuers (staging and production; the cluster picks one in tls.issuer). HTTP-01 is solved
 * through the Gateway's plain-HTTP listener: cert-manager attaches a temporary HTTPRoute for the challenge path, which
 * wins over the HTTPS redirect because it matches a longer path. The ACME account key is created by cert-manager on
 * the cluster and never leaves it.
 */
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { GATEWAY_NAME, GATEWAY_NAMESPACE, HTTP_LISTENER } from "../plan/gateway-names.js";
import { model } from "./model.js";

export const ACME_SERVERS = {
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
  "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
} as const;

export function clusterIssuers(plan: ClusterPlan): ClusterIssuer[] {
  const email = plan.config.acme?.email;
  if (!plan.config.tls.enabled || !email) return [];
  return Object.entries(ACME_SERVERS).map(
    ([name, server]) =>
      model(ClusterIssuer, {
        metadata: { name },
        spec: {
          acme: {
            server,
            email,
            privateKeySecretRef: { name: `${name}-account-key` },
            solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, sectionName: HTTP_LISTENER }] } } }],
          },
        },
      }),
  );
}
