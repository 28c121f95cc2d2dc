/**
 * Routes (last wave): the cluster's Gateway (gatewayClassName istio; istiod deploys it), one hostname per model
 * (`<model>.<domain>`, each with its own HTTPS listener and Let's Encrypt certificate), HTTP redirected to HTTPS,
 * one HTTPRoute per model to its Service — or, in http-addon mode, to the KEDA HTTP interceptor with the
 * ReferenceGrant that allows it — with timeouts long enough for a cold start, and the edge auth policies.
 * Why hostnames, not path prefixes: OpenAI clients put the API at the root of a base URL (`/v1/...`); a prefix would
 * need URL rewriting and would let one model's traffic share another's certificate and auth scope.
 */
import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { ReferenceGrant } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, VLLM_PORT, type ModelPlan } from "../plan/model-plan.js";
import type { AppUnit, KubeObject } from "./app-unit.js";
import { clusterIssuers } from "./cluster-issuers.js";
import { edgeAuth } from "./edge-auth.js";
import {
  API_PREFIX,
  ENVOY_METRICS_PORT,
  GATEWAY_NAME,
  GATEWAY_NAMESPACE,
  GATEWAY_POD_LABEL,
  HEALTH_PATH,
  HTTP_LISTENER,
  httpsListener,
  tlsSecretName,
} from "./gateway-names.js";
import { HTTP_ADDON, RESPONSE_HEADER_TIMEOUT, readinessTimeoutSeconds } from "./keda-http-addon.js";
import { PROMETHEUS_RELEASE } from "./prometheus-names.js";
import { modelLabels } from "./vllm.js";
import { WAVE } from "./waves.js";

const GATEWAY_GROUP = "gateway.networking.k8s.io";
const fromNamespace = (ns: string) => ({ namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": ns } } } });
const seconds = (d: string) => Number(d.replace(/s$/, ""));

/**
 * The whole request may wait for a cold start (http-addon: the interceptor holds it up to its readiness timeout) and
 * then for a long non-streaming generation.
 */
export const routeTimeoutSeconds = (m: ModelPlan): number =>
  (m.mode === "http-addon" ? readinessTimeoutSeconds(m) : 0) + seconds(RESPONSE_HEADER_TIMEOUT);

function gateway(plan: ClusterPlan): Gateway {
  const { domain, tls } = plan.config;
  const http = {
    name: HTTP_LISTENER,
    protocol: "HTTP",
    port: 80,
    hostname: `*.${domain}`,
    // With TLS the plain listener only serves the redirect and ACME challenges (routes in the Gateway's namespace).
    allowedRoutes: tls.enabled ? { namespaces: { from: "Same" } } : fromNamespace(VLLM_NAMESPACE),
  };
  const https = plan.models.map((m) => ({
    name: httpsListener(m.name),
    protocol: "HTTPS",
    port: 443,
    hostname: m.host,
    tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: tlsSecretName(m.name) }] },
    allowedRoutes: fromNamespace(VLLM_NAMESPACE),
  }));
  return new Gateway({
    metadata: {
      name: GATEWAY_NAME,
      namespace: GATEWAY_NAMESPACE,
      // cert-manager's gateway-shim issues one Certificate per HTTPS listener into the Gateway's namespace.
      ...(tls.enabled ? { annotations: { "cert-manager.io/cluster-issuer": tls.issuer } } : {}),
    },
    spec: { gatewayClassName: "istio", listeners: [http, ...(tls.enabled ? https : [])] },
  });
}

const httpsRedirect = (plan: ClusterPlan) =>
  new HTTPRoute({
    metadata: { name: "https-redirect", namespace: GATEWAY_NAMESPACE },
    spec: {
      parentRefs: [{ group: GATEWAY_GROUP, kind: "Gateway", name: GATEWAY_NAME, sectionName: HTTP_LISTENER }],
      hostnames: plan.models.map((m) => m.host),
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    },
  });

function modelRoute(plan: ClusterPlan, m: ModelPlan): HTTPRoute {
  const backend =
    m.mode === "http-addon"
      ? { kind: "Service", name: HTTP_ADDON.interceptorService, namespace: HTTP_ADDON.namespace, port: HTTP_ADDON.interceptorPort }
      : { kind: "Service", name: m.workload, port: VLLM_PORT };
  const timeout = `${routeTimeoutSeconds(m)}s`;
  return new HTTPRoute({
    metadata: { name: m.workload, namespace: VLLM_NAMESPACE, labels: modelLabels(m) },
    spec: {
      parentRefs: [{ group: GATEWAY_GROUP, kind: "Gateway", name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, sectionName: plan.config.tls.enabled ? httpsListener(m.name) : HTTP_LISTENER }],
      hostnames: [m.host],
      rules: [
        {
          // Only the OpenAI API and the health check are routed; the AuthorizationPolicy enforces the same allowlist.
          matches: [{ path: { type: "PathPrefix", value: API_PREFIX } }, { path: { type: "Exact", value: HEALTH_PATH } }],
          backendRefs: [{ group: "", ...backend }],
          timeouts: { request: timeout, backendRequest: timeout },
        },
      ],
    },
  });
}

/** Lets HTTPRoutes in the vllm namespace point at the interceptor Service in the keda namespace. */
const interceptorGrant = () =>
  new ReferenceGrant({
    metadata: { name: "vllm-routes-to-interceptor", namespace: HTTP_ADDON.namespace },
    spec: {
      from: [{ group: GATEWAY_GROUP, kind: "HTTPRoute", namespace: VLLM_NAMESPACE }],
      to: [{ group: "", kind: "Service", name: HTTP_ADDON.interceptorService }],
    },
  });

/** Istio's standard metrics from the gateway: the scale-from-zero wake-up and its alert read them. */
const gatewayPodMonitor = () =>
  new PodMonitor({
    metadata: { name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, labels: { release: PROMETHEUS_RELEASE } },
    spec: {
      selector: { matchLabels: { [GATEWAY_POD_LABEL]: GATEWAY_NAME } },
      podMetricsEndpoints: [{ port: ENVOY_METRICS_PORT.name, path: ENVOY_METRICS_PORT.path, interval: "15s" }],
    },
  });

export function routesLayer(plan: ClusterPlan): AppUnit[] {
  if (plan.models.length === 0) return [];
  const manifests: KubeObject[] = [
    ...clusterIssuers(plan),
    gateway(plan),
    ...(plan.config.tls.enabled ? [httpsRedirect(plan)] : []),
    ...plan.models.map((m) => modelRoute(plan, m)),
    ...(plan.httpAddon ? [interceptorGrant()] : []),
    ...edgeAuth(plan),
    ...(plan.observability.prometheus ? [gatewayPodMonitor()] : []),
  ];
  return [
    {
      name: "routes",
      layer: "routes",
      wave: WAVE.routes,
      namespace: GATEWAY_NAMESPACE,
      description: `Gateway ${GATEWAY_NAME} (Istio): ${plan.models.map((m) => m.host).join(", ")}; ${plan.config.tls.enabled ? `TLS from ${plan.config.tls.issuer}, HTTP redirected` : "plain HTTP (tls.enabled: false)"}; ${plan.config.auth.mode} auth at the edge`,
      manifests,
    },
  ];
}
