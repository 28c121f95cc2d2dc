/**
 * Auth at the edge: no unauthenticated request reaches a model, so none can wake one (a 503 at zero replicas counts as
 * a wake-up). vLLM's --api-key covers only /v1/*; /tokenize, /pause, /metrics and the rest are open. One ALLOW
 * AuthorizationPolicy on the Gateway is therefore the whole allowlist: /v1/* with a verified token, GET /healthz (the
 * gateway's own health), and the plain-HTTP port while TLS is on (it serves only the HTTPS redirect and the ACME
 * challenges) — anything else gets 403 before it reaches a GPU.
 *   api-key: the cluster's API key is a signed token (npm run api-key); a RequestAuthentication verifies it against the
 *            public JWKS in the matrix (the private key and the token never enter git), the original header is
 *            forwarded and vLLM compares it with VLLM_API_KEY again.
 *   jwt:     RequestAuthentication validates tokens from the matrix's issuer/JWKS URL (invalid -> 401) and the ALLOW
 *            rule requires a principal from that issuer (missing -> 403).
 */
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { RequestAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { apiKeyIssuer } from "../secrets/api-key.js";
import { API_PATHS, GATEWAY_NAME, GATEWAY_NAMESPACE, PUBLIC_PATHS } from "../plan/gateway-names.js";
import { model } from "./model.js";

const targetRefs = [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: GATEWAY_NAME }];


function jwtRule(plan: ClusterPlan) {
  const { auth } = plan.config;
  if (auth.mode === "jwt") {
    const jwt = auth.jwt!;
    return { issuer: jwt.issuer, jwksUri: jwt.jwksUri, ...(jwt.audiences ? { audiences: [...jwt.audiences] } : {}), forwardOriginalToken: false };
  }
  // vLLM checks the very header again: keep it on the upstream request.
  return { issuer: apiKeyIssuer(plan.name), jwks: auth.apiKey!.jwks, forwardOriginalToken: true };
}

export function edgeAuth(plan: ClusterPlan): (AuthorizationPolicy | RequestAuthentication)[] {
  const rule = jwtRule(plan);
  const allow = model(AuthorizationPolicy, {
    metadata: { name: `${GATEWAY_NAME}-allowlist`, namespace: GATEWAY_NAMESPACE },
    spec: {
      targetRefs,
      action: "ALLOW",
      rules: [
        { from: [{ source: { requestPrincipals: [`${rule.issuer}/*`] } }], to: [{ operation: { paths: [...API_PATHS] } }] },
        { to: [{ operation: { paths: [...PUBLIC_PATHS], methods: ["GET"] } }] },
        // Port 80 carries only the redirect and cert-manager's HTTP-01 solver routes while TLS is on.
        ...(plan.config.tls.enabled ? [{ to: [{ operation: { ports: ["80"] } }] }] : []),
      ],
    },
  });
  return [
    model(RequestAuthentication, {
      metadata: { name: `${GATEWAY_NAME}-${plan.config.auth.mode}`, namespace: GATEWAY_NAMESPACE },
      spec: { targetRefs, jwtRules: [rule] },
    }),
    allow,
  ];
}
