/**
 * Sync waves of the child Applications. The root waits for each wave's Applications to be Synced and Healthy before the
 * next, so the order is: Argo CD itself and the Gateway API CRDs; the platform (istio, cert-manager, monitoring with
 * its CRDs before the GPU operator, whose DCGM ServiceMonitor needs them, then KEDA); the edge; and last the GPU
 * workloads with their scaling objects, because nothing may wait on a model becoming Ready (a GPU node from zero can
 * take an hour, and a model that cannot start must not stall the platform). validate refuses any other order.
 */
export const WAVE = {
  argoCd: 0,
  gatewayApi: 10,
  istioBase: 20,
  istiod: 21,
  certManager: 30,
  prometheus: 40,
  gpuOperator: 50,
  keda: 60,
  kedaHttpAddon: 61,
  routes: 70,
  vllm: 80,
} as const;
