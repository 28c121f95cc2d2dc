/**
 * The cluster's ingress Gateway. istiod deploys `<name>-istio` (Deployment + LoadBalancer Service) for a Gateway with
 * gatewayClassName istio, labelled gateway.networking.k8s.io/gateway-name; its Envoy serves Istio's standard metrics
 * (istio_requests_total) on the container port `http-envoy-prom` at /stats/prometheus.
 */
export const GATEWAY_NAME = "llm-gateway";
export const GATEWAY_NAMESPACE = "istio-ingress";
export const GATEWAY_POD_LABEL = "gateway.networking.k8s.io/gateway-name";
export const ENVOY_METRICS_PORT = { name: "http-envoy-prom", path: "/stats/prometheus" } as const;
