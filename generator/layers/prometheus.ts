/**
 * kube-prometheus-stack: Prometheus, Alertmanager and Grafana, selecting every ServiceMonitor, PodMonitor and
 * PrometheusRule in the cluster (not only those with the chart's Helm labels). Grafana stays cluster-internal,
 * takes its admin credentials from an existing Secret, and loads dashboards from labelled ConfigMaps.
 */
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { AppUnit } from "./app-unit.js";
import { MONITORING_NAMESPACE, PROMETHEUS_RELEASE } from "../plan/prometheus-names.js";
import { alertmanagerConfig, alertmanagerSecrets } from "./alertmanager.js";
import { res } from "./resources.js";
import { WAVE } from "./waves.js";

export const DASHBOARD_LABEL = { key: "grafana_dashboard", value: "1" } as const;

export function prometheusLayer(plan: ClusterPlan): AppUnit[] {
  if (!plan.observability.prometheus) return [];
  return [
    {
      name: "kube-prometheus-stack",
      layer: "prometheus",
      wave: WAVE.prometheus,
      namespace: MONITORING_NAMESPACE,
      description: "kube-prometheus-stack: Prometheus (selects all ServiceMonitors/PodMonitors/rules), Alertmanager, Grafana",
      // prometheuses.monitoring.coreos.com alone is larger than the 256 KiB last-applied annotation.
      serverSideApply: true,
      chart: {
        key: "kube-prometheus-stack",
        releaseName: PROMETHEUS_RELEASE,
        values: {
          fullnameOverride: PROMETHEUS_RELEASE,
          crds: { enabled: true },
          // MKS runs the control plane for us and exposes none of it (kube-proxy metrics bind to localhost): scraping
          // it would only create dangling Services in kube-system and absent-target alerts that fire forever.
          kubeControllerManager: { enabled: false },
          kubeEtcd: { enabled: false },
          kubeScheduler: { enabled: false },
          kubeProxy: { enabled: false },
          prometheusOperator: { resources: res("100m", "128Mi", "512Mi") },
          prometheus: {
            service: { type: "ClusterIP" },
            ingress: { enabled: false },
            prometheusSpec: {
              serviceMonitorSelectorNilUsesHelmValues: false,
              podMonitorSelectorNilUsesHelmValues: false,
              ruleSelectorNilUsesHelmValues: false,
              probeSelectorNilUsesHelmValues: false,
              scrapeConfigSelectorNilUsesHelmValues: false,
              retention: "15d",
              resources: res("250m", "1Gi", "4Gi"),
              storageSpec: {
                volumeClaimTemplate: {
                  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } },
                },
              },
            },
          },
          alertmanager: {
            service: { type: "ClusterIP" },
            ingress: { enabled: false },
            alertmanagerSpec: { resources: res("20m", "64Mi", "256Mi"), ...alertmanagerSecrets(plan) },
            ...alertmanagerConfig(plan),
          },
          grafana: {
            enabled: true,
            // Cluster-internal: `kubectl port-forward -n monitoring svc/kube-prometheus-stack-grafana 3000:80`.
            ingress: { enabled: false },
            admin: { existingSecret: plan.config.secrets.grafanaAdmin.name, userKey: "admin-user", passwordKey: plan.config.secrets.grafanaAdmin.key },
            defaultDashboardsEnabled: true,
            sidecar: {
              dashboards: {
                enabled: true,
                label: DASHBOARD_LABEL.key,
                labelValue: DASHBOARD_LABEL.value,
                searchNamespace: "ALL",
              },
            },
            resources: res("50m", "128Mi", "512Mi"),
          },
        },
      },
    },
  ];
}
