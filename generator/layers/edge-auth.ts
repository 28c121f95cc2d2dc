/**
 * Bearer-token auth at the edge. vLLM's --api-key covers only /v1/*; /tokenize, /pause, /metrics and the rest are
 * open. One ALLOW AuthorizationPolicy on the Gateway is therefore the whole allowlist: /v1/* with credentials, /health
 * for health checks, the ACME challenge path while TLS is on — anything else gets 403 before it reaches a GPU.
 *   api-key: /v1/* needs an `Authorization: Bearer ...` header; vLLM checks the key itself (no key in git).
 *   jwt:     RequestAuthentication validates tokens from the matrix's issuer/JWKS (invalid -> 401) and the ALLOW rule
 *            requires a principal from that issuer (missing -> 403).
 */
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { RequestAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { ACME_CHALLENGE_PATHS, API_PATHS, GATEWAY_NAME, GATEWAY_NAMESPACE, PUBLIC_PATHS } from "./gateway-names.js";

const targetRefs = [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: GATEWAY_NAME }];

export function edgeAuth(plan: ClusterPlan): (AuthorizationPolicy | RequestAuthentication)[] {
  const { auth, tls } = plan.config;
  const api =
    auth.mode === "jwt"
      ? { from: [{ source: { requestPrincipals: [`${auth.jwt!.issuer}/*`] } }], to: [{ operation: { paths: [...API_PATHS] } }] }
      : { to: [{ operation: { paths: [...API_PATHS] } }], when: [{ key: "request.headers[authorization]", values: ["Bearer *"] }] };
  const allow = new AuthorizationPolicy({
    metadata: { name: `${GATEWAY_NAME}-allowlist`, namespace: GATEWAY_NAMESPACE },
    spec: {
      targetRefs,
      action: "ALLOW",
      rules: [
        api,
        { to: [{ operation: { paths: [...PUBLIC_PATHS], methods: ["GET"] } }] },
        ...(tls.enabled ? [{ to: [{ operation: { paths: [...ACME_CHALLENGE_PATHS], methods: ["GET"] } }] }] : []),
      ],
    },
  });
  if (auth.mode !== "jwt") return [allow];
  const jwt = auth.jwt!;
  return [
    new RequestAuthentication({
      metadata: { name: `${GATEWAY_NAME}-jwt`, namespace: GATEWAY_NAMESPACE },
      spec: {
        targetRefs,
        jwtRules: [{ issuer: jwt.issuer, jwksUri: jwt.jwksUri, ...(jwt.audiences ? { audiences: [...jwt.audiences] } : {}), forwardOriginalToken: false }],
      },
    }),
    allow,
  ];
}
