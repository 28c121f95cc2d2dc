/**
 * The GPU pool contract: the one definition of the GPU node pool's name, node label and taint. The renderer selects
 * and tolerates it (vLLM, GPU operator operands); the bootstrap creates the OVH node pool with exactly this template,
 * so the cluster-autoscaler's scale-from-zero template node (pool template labels and taints, plus `nodepool=<name>`:
 * kubernetes/autoscaler cloudprovider/ovhcloud/ovh_cloud_node_group.go) matches the pods that wait for it.
 */
export const DEFAULT_GPU_POOL_NAME = "gpu";
/** Label the OVH cluster-autoscaler puts on every node of a pool (and on its scale-from-zero template). */
export const NODEPOOL_LABEL = "nodepool";
/** Only GPU workloads tolerate it, so platform pods never take (and pin) a GPU node. */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

export interface GpuPoolContract {
  /** OVH node pool name (also the value of the `nodepool` label). */
  readonly name: string;
  readonly label: { readonly key: string; readonly value: string };
  readonly taint: { readonly key: string; readonly value: string; readonly effect: "NoSchedule" };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly toleration: { readonly key: string; readonly operator: "Equal"; readonly value: string; readonly effect: "NoSchedule" };
}

export function gpuPoolContract(poolName: string | undefined): GpuPoolContract {
  const name = poolName ?? DEFAULT_GPU_POOL_NAME;
  return {
    name,
    label: { key: NODEPOOL_LABEL, value: name },
    taint: GPU_TAINT,
    nodeSelector: { [NODEPOOL_LABEL]: name },
    toleration: { key: GPU_TAINT.key, operator: "Equal", value: GPU_TAINT.value, effect: GPU_TAINT.effect },
  };
}
