/**
 * What Argo CD's repo-server passes helm as --api-versions: every API the cluster serves when the Application syncs —
 * the built-in APIs of the Kubernetes minor (stable groups of 1.31-1.35), plus the group/versions of the CRDs that
 * earlier waves installed. Charts gate templates on `.Capabilities.APIVersions.Has` (ServiceMonitors, for one).
 */
export const BUILT_IN_API_VERSIONS = [
  "v1",
  "admissionregistration.k8s.io/v1",
  "apiextensions.k8s.io/v1",
  "apiregistration.k8s.io/v1",
  "apps/v1",
  "authentication.k8s.io/v1",
  "authorization.k8s.io/v1",
  "autoscaling/v1",
  "autoscaling/v2",
  "batch/v1",
  "certificates.k8s.io/v1",
  "coordination.k8s.io/v1",
  "discovery.k8s.io/v1",
  "events.k8s.io/v1",
  "flowcontrol.apiserver.k8s.io/v1",
  "networking.k8s.io/v1",
  "node.k8s.io/v1",
  "policy/v1",
  "rbac.authorization.k8s.io/v1",
  "scheduling.k8s.io/v1",
  "storage.k8s.io/v1",
] as const;

/** The group/version and group/version/Kind entries of a rendered CRD (served versions only). */
export function crdApiVersions(crd: any): string[] {
  const group = crd?.spec?.group;
  const kind = crd?.spec?.names?.kind;
  if (!group || !kind) return [];
  return (crd.spec.versions ?? []).filter((v: any) => v.served !== false).flatMap((v: any) => [`${group}/${v.name}`, `${group}/${v.name}/${kind}`]);
}
