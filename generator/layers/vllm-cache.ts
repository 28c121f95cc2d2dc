/**
 * The Hugging Face cache volume of a model: one shared PVC that survives scale to zero (ReadWriteOnce by default, so
 * one replica; model-checks refuses more), or a generic ephemeral volume per replica (each pod downloads the weights).
 */
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import { modelLabels } from "./vllm.js";

/** OVH MKS' default block storage class (Cinder, ReadWriteOnce). */
const STORAGE_CLASS = "csi-cinder-high-speed";

export const cacheSize = (m: ModelPlan): string => m.config.cache?.size ?? `${Math.max(20, Math.ceil(m.spec.weightsGiB * 2 + 10))}Gi`;
const cacheVolumeSpec = (m: ModelPlan, accessMode: "ReadWriteOnce" | "ReadWriteMany") => ({
  accessModes: [accessMode],
  storageClassName: m.config.cache?.storageClass ?? STORAGE_CLASS,
  resources: { requests: { storage: cacheSize(m) } },
});
const perReplica = (m: ModelPlan) => m.config.cache?.volume === "per-replica";

/** Shared: one PVC (rendered below). Per-replica: a generic ephemeral volume, created and deleted with each pod. */
export const cacheVolume = (m: ModelPlan) =>
  perReplica(m)
    ? { name: "cache", ephemeral: { volumeClaimTemplate: { metadata: { labels: modelLabels(m) }, spec: cacheVolumeSpec(m, "ReadWriteOnce") } } }
    : { name: "cache", persistentVolumeClaim: { claimName: `${m.workload}-cache` } };

export const sharedCache = (m: ModelPlan): PersistentVolumeClaim[] =>
  perReplica(m)
    ? []
    : [
        new PersistentVolumeClaim({
          metadata: { name: `${m.workload}-cache`, namespace: VLLM_NAMESPACE, labels: modelLabels(m) },
          spec: cacheVolumeSpec(m, m.config.cache?.accessMode ?? "ReadWriteOnce"),
        }),
      ];

