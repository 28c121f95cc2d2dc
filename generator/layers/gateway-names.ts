/**
 * The cluster's ingress Gateway. istiod deploys `<name>-istio` (Deployment + LoadBalancer Service) for a Gateway with
 * gatewayClassName istio, labelled gateway.networking.k8s.io/gateway-name; its Envoy serves Istio's standard metrics
 * (istio_requests_total) on the container port `http-envoy-prom` at /stats/prometheus.
 */
export const GATEWAY_NAME = "llm-gateway";
export const GATEWAY_NAMESPACE = "istio-ingress";
export const GATEWAY_POD_LABEL = "gateway.networking.k8s.io/gateway-name";
export const ENVOY_METRICS_PORT = { name: "http-envoy-prom", path: "/stats/prometheus" } as const;
export const HTTP_LISTENER = "http";
/** One HTTPS listener per model: its own hostname and certificate (HTTP-01 cannot issue wildcards). */
export const httpsListener = (model: string): string => `https-${model}`;
export const tlsSecretName = (model: string): string => `${model}-tls`;
/** Paths the Gateway lets through: vLLM's OpenAI API (authenticated) and its health check (public). */
export const API_PREFIX = "/v1/";
export const HEALTH_PATH = "/health";
/** The same allowlist in Istio's path syntax. */
export const API_PATHS = [`${API_PREFIX}*`] as const;
export const PUBLIC_PATHS = [HEALTH_PATH] as const;
export const ACME_CHALLENGE_PATHS = ["/.well-known/acme-challenge/*"] as const;
