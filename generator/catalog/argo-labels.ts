/** Label keys the generator puts on what it renders, so the Argo CD UI and kubectl can filter by them. */
export const LABEL = {
  partOf: "app.kubernetes.io/part-of",
  managedBy: "app.kubernetes.io/managed-by",
  cluster: "llm-gitops.io/cluster",
  environment: "llm-gitops.io/environment",
  layer: "llm-gitops.io/layer",
} as const;

export const PART_OF = "llm-gitops";
export const ARGOCD_NAMESPACE = "argocd";
export const IN_CLUSTER = "https://kubernetes.default.svc";
export const SYNC_WAVE = "argocd.argoproj.io/sync-wave";
export const SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
export const CASCADE_FINALIZER = "resources-finalizer.argocd.argoproj.io";
/** Argo CD project every child Application belongs to (rendered by the app-of-apps). */
export const PLATFORM_PROJECT = "llm-platform";
