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
  GATEWAY_HEALTH_PATH,
  GATEWAY_NAME,
  GATEWAY_NAMESPACE,
  GATEWAY_POD_LABEL,
  GATEWAY_SERVICE,
  GATEWAY_STATUS_PORT,
  HTTP_LISTENER,
  httpsListener,
  tlsSecretName,
} from "../plan/gateway-names.js";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { stringify } from "yaml";
import { HTTP_ADDON } from "../plan/keda-names.js";
import { PROMETHEUS_RELEASE } from "../plan/prometheus-names.js";
import { modelLabels } from "./vllm-labels.js";
import { WAVE } from "./waves.js";
import { model } from "./model.js";

const GATEWAY_GROUP = "gateway.networking.k8s.io";
/** Routes from the model namespace and the gateway's own health route may attach to a listener. */
const fromNamespaces = (...names: string[]) => ({
  namespaces: { from: "Selector", selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: names }] } },
});
/** Argo CD's Gateway health marks a listener without its certificate Degraded until DNS points at the gateway. */
const IGNORE_HEALTH = { "argocd.argoproj.io/ignore-healthcheck": "true" };
const GATEWAY_OPTIONS = `${GATEWAY_NAME}-options`;
/** The options' documents, the same for every cluster: written once per run. */
let GATEWAY_OPTIONS_DATA: { deployment: string; podDisruptionBudget: string } | undefined;

/**
 * Istio's per-Gateway customisation (spec.infrastructure.parametersRef): two gateway pods and a PDB, so a node drain or
 * rollout never leaves the always-on models without an entry point. YAML documents as istiod expects them.
 */
const gatewayOptions = () =>
  model(ConfigMap, {
    metadata: { name: GATEWAY_OPTIONS, namespace: GATEWAY_NAMESPACE },
    data: (GATEWAY_OPTIONS_DATA ??= {
      deployment: stringify({ spec: { replicas: 2 } }),
      podDisruptionBudget: stringify({ spec: { minAvailable: 1 } }),
    }),
  });
/** A GPU pool that never drains to zero serves all the time: its edge must survive a node drain. */
const highlyAvailable = (plan: ClusterPlan) => plan.config.nodePools.gpu.min >= 1;

function gateway(plan: ClusterPlan): Gateway {
  const { domain, tls } = plan.config;
  const http = {
    name: HTTP_LISTENER,
    protocol: "HTTP",
    port: 80,
    hostname: `*.${domain}`,
    // With TLS the plain listener only serves the redirect and ACME challenges (routes in the Gateway's namespace).
    allowedRoutes: tls.enabled ? { namespaces: { from: "Same" } } : fromNamespaces(VLLM_NAMESPACE, GATEWAY_NAMESPACE),
  };
  const https = plan.models.map((m) => ({
    name: httpsListener(m.name),
    protocol: "HTTPS",
    port: 443,
    hostname: m.host,
    tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: tlsSecretName(m.name) }] },
    allowedRoutes: fromNamespaces(VLLM_NAMESPACE, GATEWAY_NAMESPACE),
  }));
  return model(Gateway, {
    metadata: {
      name: GATEWAY_NAME,
      namespace: GATEWAY_NAMESPACE,
      annotations: {
        ...IGNORE_HEALTH,
        // cert-manager's gateway-shim issues one Certificate per HTTPS listener into the Gateway's namespace.
        ...(tls.enabled ? { "cert-manager.io/cluster-issuer": tls.issuer } : {}),
      },
    },
    spec: {
      gatewayClassName: "istio",
      ...(highlyAvailable(plan) ? { infrastructure: { parametersRef: { group: "", kind: "ConfigMap", name: GATEWAY_OPTIONS } } } : {}),
      listeners: [http, ...(tls.enabled ? https : [])],
    },
  });
}

const httpsRedirect = (plan: ClusterPlan) =>
  model(HTTPRoute, {
    metadata: { name: "https-redirect", namespace: GATEWAY_NAMESPACE },
    spec: {
      parentRefs: [{ group: GATEWAY_GROUP, kind: "Gateway", name: GATEWAY_NAME, sectionName: HTTP_LISTENER }],
      hostnames: plan.models.map((m) => m.host),
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    },
  });

const modelListener = (plan: ClusterPlan, m: ModelPlan) => ({
  group: GATEWAY_GROUP,
  kind: "Gateway",
  name: GATEWAY_NAME,
  namespace: GATEWAY_NAMESPACE,
  sectionName: plan.config.tls.enabled ? httpsListener(m.name) : HTTP_LISTENER,
});

/** `GET /healthz` on every model host answers from the gateway pod's status port: a health check that wakes nothing. */
const gatewayHealthRoute = (plan: ClusterPlan) =>
  model(HTTPRoute, {
    metadata: { name: "gateway-health", namespace: GATEWAY_NAMESPACE },
    spec: {
      parentRefs: plan.config.tls.enabled ? plan.models.map((m) => modelListener(plan, m)) : [modelListener(plan, plan.models[0]!)],
      hostnames: plan.models.map((m) => m.host),
      rules: [
        {
          matches: [{ path: { type: "Exact", value: GATEWAY_HEALTH_PATH }, method: "GET" }],
          filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplaceFullPath", replaceFullPath: GATEWAY_STATUS_PORT.path } } }],
          backendRefs: [{ group: "", kind: "Service", name: GATEWAY_SERVICE, port: GATEWAY_STATUS_PORT.port }],
        },
      ],
    },
  });

function modelRoute(plan: ClusterPlan, m: ModelPlan): HTTPRoute {
  const backend =
    m.mode === "http-addon"
      ? { kind: "Service", name: HTTP_ADDON.interceptorService, namespace: HTTP_ADDON.namespace, port: HTTP_ADDON.interceptorPort }
      : { kind: "Service", name: m.workload, port: VLLM_PORT };
  const timeout = `${m.timeouts.routeSeconds}s`;
  return model(HTTPRoute, {
    metadata: { name: m.workload, namespace: VLLM_NAMESPACE, labels: modelLabels(m) },
    spec: {
      parentRefs: [modelListener(plan, m)],
      hostnames: [m.host],
      rules: [
        {
          // Only the OpenAI API is routed to the model; the AuthorizationPolicy enforces the same allowlist.
          matches: [{ path: { type: "PathPrefix", value: API_PREFIX } }],
          backendRefs: [{ group: "", ...backend }],
          timeouts: { request: timeout, backendRequest: timeout },
        },
      ],
    },
  });
}

/** Lets HTTPRoutes in the vllm namespace point at the interceptor Service in the keda namespace. */
const interceptorGrant = () =>
  model(ReferenceGrant, {
    metadata: { name: "vllm-routes-to-interceptor", namespace: HTTP_ADDON.namespace },
    spec: {
      from: [{ group: GATEWAY_GROUP, kind: "HTTPRoute", namespace: VLLM_NAMESPACE }],
      to: [{ group: "", kind: "Service", name: HTTP_ADDON.interceptorService }],
    },
  });

/** Istio's standard metrics from the gateway: the scale-from-zero wake-up and its alert read them. */
const gatewayPodMonitor = () =>
  model(PodMonitor, {
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
    ...(highlyAvailable(plan) ? [gatewayOptions()] : []),
    ...(plan.config.tls.enabled ? [httpsRedirect(plan)] : []),
    gatewayHealthRoute(plan),
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
