/**
 * InterceptorRoute (http.keda.sh/v1beta1, KEDA HTTP add-on >= 0.14): tells the interceptor which host goes to which
 * Service and carries the per-route timeouts. No @kubernetes-models package has this CRD, so the type below follows
 * the CRD's schema (operator/apis/http/v1beta1) and the strict schema catalog checks the rendered object.
 */
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import { SYNC_WAVE } from "../catalog/argo-labels.js";
import { API_PREFIX } from "../plan/gateway-names.js";
import { modelLabels } from "./vllm-labels.js";

export interface InterceptorRoute {
  readonly apiVersion: "http.keda.sh/v1beta1";
  readonly kind: "InterceptorRoute";
  readonly metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec: {
    target: { service: string; port?: number; portName?: string };
    rules?: { hosts?: string[]; paths?: { value: string }[]; headers?: { name: string; value?: string }[] }[];
    scalingMetric: { concurrency?: { targetValue: number }; requestRate?: { targetValue: number; window?: string; granularity?: string } };
    timeouts?: { readiness?: string; request?: string; responseHeader?: string };
  };
}

export const DEFAULT_HTTP_CONCURRENCY = 100;

export function interceptorRoute(m: ModelPlan): InterceptorRoute {
  return {
    apiVersion: "http.keda.sh/v1beta1",
    kind: "InterceptorRoute",
    metadata: {
      name: m.workload,
      namespace: VLLM_NAMESPACE,
      labels: modelLabels(m),
      // The route must exist before the ScaledObject that names it, or the HPA falls back to CPU.
      annotations: { [SYNC_WAVE]: "-1" },
    },
    spec: {
      target: { service: m.workload, portName: "http" },
      // Host and the OpenAI API path only: anything else gets the interceptor's 404 and is never held or counted, so
      // it cannot wake the model (the Gateway has already refused unauthenticated requests).
      rules: [{ hosts: [m.host], paths: [{ value: API_PREFIX }] }],
      scalingMetric: { concurrency: { targetValue: m.scaling.httpConcurrency ?? DEFAULT_HTTP_CONCURRENCY } },
      timeouts: { readiness: `${m.timeouts.readinessSeconds}s`, responseHeader: `${m.timeouts.responseHeaderSeconds}s` },
    },
  };
}
