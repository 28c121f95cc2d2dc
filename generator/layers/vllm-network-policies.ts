import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, VLLM_PORT } from "../plan/model-plan.js";
import { GATEWAY_NAME, GATEWAY_NAMESPACE, GATEWAY_POD_LABEL } from "../plan/gateway-names.js";
import { HTTP_ADDON } from "../plan/keda-names.js";
import { MONITORING_NAMESPACE } from "../plan/prometheus-names.js";
import { model } from "./model.js";

/**
 * vLLM pods accept traffic only from the ingress gateway, the HTTP add-on's interceptor (http-addon mode) and the
 * metrics scraper; everything else in the namespace is denied by default.
 */
export function networkPolicies(plan: ClusterPlan): NetworkPolicy[] {
  const ns = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
  const scraper = plan.observability.prometheus
    ? { ...ns(MONITORING_NAMESPACE), podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }
    : ns(plan.config.observability.signoz!.collector.namespace);
  return [
    model(NetworkPolicy, {
      metadata: { name: "default-deny-ingress", namespace: VLLM_NAMESPACE },
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    }),
    model(NetworkPolicy, {
      metadata: { name: "vllm-allow-gateway-and-scrape", namespace: VLLM_NAMESPACE },
      spec: {
        podSelector: { matchLabels: { app: "vllm" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { ...ns(GATEWAY_NAMESPACE), podSelector: { matchLabels: { [GATEWAY_POD_LABEL]: GATEWAY_NAME } } },
              ...(plan.httpAddon ? [ns(HTTP_ADDON.namespace)] : []),
              scraper,
            ],
            ports: [{ protocol: "TCP", port: VLLM_PORT }],
          },
        ],
      },
    }),
  ];
}

