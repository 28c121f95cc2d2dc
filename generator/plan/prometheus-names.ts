/**
 * Names of the kube-prometheus-stack release and the Services it creates. The chart derives them from
 * `fullnameOverride`, which we pin, so that KEDA, Grafana links and docs can name them without guessing.
 * (The seed article's two Service names disagree: `prometheus-kube-prometheus-prometheus` vs
 * `kube-prometheus-stack-grafana`.)
 */
export const PROMETHEUS_RELEASE = "kube-prometheus-stack";
export const MONITORING_NAMESPACE = "monitoring";
export const PROMETHEUS_SERVICE = `${PROMETHEUS_RELEASE}-prometheus`;
export const GRAFANA_SERVICE = `${PROMETHEUS_RELEASE}-grafana`;
export const PROMETHEUS_URL = `http://${PROMETHEUS_SERVICE}.${MONITORING_NAMESPACE}.svc.cluster.local:9090`;
