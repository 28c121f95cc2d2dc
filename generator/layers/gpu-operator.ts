/**
 * NVIDIA GPU Operator. OVH MKS does not preinstall NVIDIA drivers, so driver and container toolkit stay on; the DCGM
 * exporter's ServiceMonitor (created by the operator) keeps the exporter's pod/namespace labels so GPU series join
 * vLLM series per pod.
 */
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { AppUnit } from "./app-unit.js";
import { PROMETHEUS_RELEASE } from "../plan/prometheus-names.js";
import { res } from "./resources.js";
import { WAVE } from "./waves.js";

export const GPU_OPERATOR_NAMESPACE = "gpu-operator";

export function gpuOperatorLayer(plan: ClusterPlan): AppUnit[] {
  const { prometheus } = plan.observability;
  return [
    {
      name: "gpu-operator",
      layer: "gpu-operator",
      wave: WAVE.gpuOperator,
      namespace: GPU_OPERATOR_NAMESPACE,
      description: "NVIDIA GPU Operator: driver, container toolkit, device plugin and DCGM exporter on the GPU pool",
      serverSideApply: true,
      // Privileged driver/toolkit daemonsets need the namespace to allow them under Pod Security Admission.
      namespaceLabels: { "pod-security.kubernetes.io/enforce": "privileged" },
      chart: {
        key: "gpu-operator",
        releaseName: "gpu-operator",
        values: {
          operator: { resources: res("200m", "128Mi", "512Mi") },
          // Operands on every GPU node, sized so the node's allocatable memory left for vLLM is known. The driver
          // container compiles and loads the kernel module, hence its larger limit.
          driver: { enabled: true, resources: res("100m", "512Mi", "4Gi") },
          toolkit: { enabled: true, resources: res("50m", "64Mi", "512Mi") },
          devicePlugin: { resources: res("50m", "64Mi", "256Mi") },
          gfd: { resources: res("20m", "32Mi", "128Mi") },
          validator: { resources: res("10m", "32Mi", "128Mi") },
          // The operands must run on the tainted GPU pool (catalog/gpu-pool.ts).
          daemonsets: { tolerations: [{ ...plan.gpuPool.toleration }] },
          dcgmExporter: {
            enabled: true,
            resources: res("50m", "256Mi", "1Gi"),
            serviceMonitor: {
              enabled: prometheus,
              interval: "15s",
              honorLabels: true,
              additionalLabels: { release: PROMETHEUS_RELEASE },
            },
          },
        },
      },
    },
  ];
}
