/**
 * The cache volume of a model (Hugging Face weights and vLLM's compile cache), persistent across scale to zero:
 *   per-replica: a StatefulSet volumeClaimTemplate, one ReadWriteOnce PVC per ordinal, kept when scaled away;
 *   shared:      one PVC for all replicas (ReadWriteOnce allows one replica: model-checks refuses more).
 */
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import { modelLabels } from "./vllm-labels.js";
import { model } from "./model.js";

export const CACHE_MOUNT = "/data";
const VOLUME = "cache";

const claimSpec = (m: ModelPlan, accessMode: "ReadWriteOnce" | "ReadWriteMany") => ({
  accessModes: [accessMode],
  storageClassName: m.cache.storageClass,
  resources: { requests: { storage: `${m.cache.sizeGiB}Gi` } },
});

/** Pod volumes: the shared PVC, or none (the claim template provides `cache`). */
export const cacheVolumes = (m: ModelPlan) => (m.cache.volume === "shared" ? [{ name: VOLUME, persistentVolumeClaim: { claimName: `${m.workload}-cache` } }] : []);

/** The StatefulSet's `volumeClaimTemplates`, spread into its spec (nothing for a shared volume). */
export const cacheClaimTemplates = (m: ModelPlan) =>
  m.cache.volume === "per-replica" ? { volumeClaimTemplates: [{ metadata: { name: VOLUME, labels: modelLabels(m) }, spec: claimSpec(m, "ReadWriteOnce") }] } : {};

export const sharedCache = (m: ModelPlan): PersistentVolumeClaim[] =>
  m.cache.volume === "shared"
    ? [model(PersistentVolumeClaim, { metadata: { name: `${m.workload}-cache`, namespace: VLLM_NAMESPACE, labels: modelLabels(m) }, spec: claimSpec(m, m.cache.accessMode) })]
    : [];
