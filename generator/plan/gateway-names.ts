/**
 * The cluster's ingress Gateway. istiod deploys `<name>-istio` (Deployment + LoadBalancer Service) for a Gateway with
 * gatewayClassName istio, labelled gateway.networking.k8s.io/gateway-name; its Envoy serves Istio's standard metrics
 * (istio_requests_total) on the container port `http-envoy-prom` at /stats/prometheus.
 */
export const GATEWAY_NAME = "llm-gateway";
/** istiod names the Deployment and LoadBalancer Service it deploys for a Gateway `<name>-<class>`. */
export const GATEWAY_SERVICE = `${GATEWAY_NAME}-istio`;
/** The gateway pod's status port (pilot-agent): /healthz/ready answers 200 once Envoy has its configuration. */
export const GATEWAY_STATUS_PORT = { port: 15021, path: "/healthz/ready" } as const;
export const GATEWAY_NAMESPACE = "istio-ingress";
export const GATEWAY_POD_LABEL = "gateway.networking.k8s.io/gateway-name";
export const ENVOY_METRICS_PORT = { name: "http-envoy-prom", path: "/stats/prometheus" } as const;
export const HTTP_LISTENER = "http";
/** One HTTPS listener per model: its own hostname and certificate (HTTP-01 cannot issue wildcards). */
export const httpsListener = (model: string): string => `https-${model}`;
export const tlsSecretName = (model: string): string => `${model}-tls`;
/** The only model path the Gateway routes: vLLM's OpenAI API (authenticated at the edge). */
export const API_PREFIX = "/v1/";
/** vLLM's own health endpoint: for the kubelet's probes on the pod only, never routed (it would wake a model). */
export const HEALTH_PATH = "/health";
/** The public health check on every model host: the gateway's own readiness, which costs no GPU. */
export const GATEWAY_HEALTH_PATH = "/healthz";
/** The same allowlist in Istio's path syntax. */
export const API_PATHS = [`${API_PREFIX}*`] as const;
export const PUBLIC_PATHS = [GATEWAY_HEALTH_PATH] as const;
