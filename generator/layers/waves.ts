/**
 * Sync waves of the child Applications: the seed's Ansible order (istio → cert-manager → gpu-operator → prometheus →
 * vllm → keda → routes), preceded by Argo CD itself and the Gateway API CRDs. Gaps of ten leave room for new layers.
 */
export const WAVE = {
  argoCd: 0,
  gatewayApi: 10,
  istioBase: 20,
  istiod: 21,
  certManager: 30,
  gpuOperator: 40,
  prometheus: 50,
  vllm: 60,
  keda: 70,
  kedaHttpAddon: 71,
  kedaScaling: 75,
  routes: 80,
} as const;
