/**
 * KEDA's namespace and the HTTP add-on's Services. Service names derive from the chart name, not the release:
 * keda-add-ons-http-interceptor-proxy:8080 and keda-add-ons-http-external-scaler:9090 in the release namespace.
 */
import { CHARTS } from "../catalog/charts.js";

export const KEDA_NAMESPACE = "keda";

const [interceptor, scaler] = CHARTS["keda-add-ons-http"].services!;
export const HTTP_ADDON = {
  interceptorService: interceptor!.name,
  interceptorPort: interceptor!.port,
  scalerAddress: `${scaler!.name}.${KEDA_NAMESPACE}:${scaler!.port}`,
  namespace: KEDA_NAMESPACE,
} as const;
