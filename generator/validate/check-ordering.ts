/**
 * Semantics Argo CD only discovers on a live cluster: every custom resource's CRD comes from an earlier wave or the
 * same Application; every manifest is owned by an Application; every `$values/...` file and directory source exists.
 */
import { BOOTSTRAP_GROUPS, BUILT_IN_GROUPS, CRD_GROUPS } from "../catalog/crd-providers.js";
import type { Finding } from "../errors.js";
import { SYNC_OPTIONS } from "../render/labels.js";
import { applications, chartKeyOf, clusterDirOf, type AppView } from "./applications.js";
import { groupOf, type KubeDoc } from "./kube-docs.js";

export function checkOrdering(docs: readonly KubeDoc[], allPaths: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const apps = applications(docs);
  const byCluster = new Map<string, AppView[]>();
  for (const app of apps) byCluster.set(app.clusterDir, [...(byCluster.get(app.clusterDir) ?? []), app]);

  for (const app of apps) {
    const hasValuesRef = app.sources.some((s) => s.ref === "values");
    for (const source of app.sources) {
      for (const file of source.helm?.valueFiles ?? []) {
        if (!file.startsWith("$values/")) continue;
        if (!hasValuesRef) findings.push({ path: app.doc.path, check: "ordering", message: `Application ${app.name} uses ${file} but has no source with ref: values` });
        if (!allPaths.has(file.slice("$values/".length))) findings.push({ path: app.doc.path, check: "ordering", message: `Application ${app.name}: values file ${file} does not exist in the tree` });
      }
      if (source.path && !source.chart && source.repoURL && !chartKeyOf(source)) {
        const prefix = `${source.path}/`;
        if (![...allPaths].some((p) => p.startsWith(prefix))) findings.push({ path: app.doc.path, check: "ordering", message: `Application ${app.name}: source path ${source.path}/ holds no files` });
      }
    }
  }

  for (const doc of docs) {
    const clusterApps = byCluster.get(clusterDirOf(doc.path)) ?? [];
    const dir = doc.path.slice(0, doc.path.lastIndexOf("/"));
    const isChild = dir.endsWith("/applications") || doc.path.endsWith("/root.yaml");
    const owner = isChild ? undefined : clusterApps.find((a) => a.sources.some((s) => s.path === dir && !chartKeyOf(s)));
    if (!isChild && !owner) {
      findings.push({ path: doc.path, check: "ordering", message: `${doc.kind} ${doc.name} is not synced by any Application (no directory source ${dir})` });
      continue;
    }
    const group = groupOf(doc.apiVersion);
    if (BUILT_IN_GROUPS.has(group) || BOOTSTRAP_GROUPS.has(group) || !owner) continue;
    const providers = clusterApps.filter((a) =>
      a.sources.some((s) => {
        const key = chartKeyOf(s);
        return key !== undefined && (CRD_GROUPS[key] ?? []).includes(group);
      }),
    );
    if (providers.length === 0) {
      findings.push({ path: doc.path, check: "ordering", message: `${doc.kind} ${doc.name} (${group}) has no Application that installs its CRD` });
      continue;
    }
    const ok = providers.some((p) => p === owner || p.wave < owner.wave);
    if (!ok) {
      const p = providers[0]!;
      findings.push({
        path: doc.path,
        check: "ordering",
        message: `${doc.kind} ${doc.name} is synced by ${owner.name} in wave ${owner.wave}, but its CRD (${group}) comes from ${p.name} in wave ${p.wave}: the CRD must come from an earlier wave`,
      });
      continue;
    }
    const syncOptions = ((doc.data["metadata"] as { annotations?: Record<string, string> })?.annotations ?? {})[SYNC_OPTIONS] ?? "";
    if (!providers.includes(owner) && !syncOptions.includes("SkipDryRunOnMissingResource=true")) {
      findings.push({ path: doc.path, check: "ordering", message: `${doc.kind} ${doc.name}: CRD comes from another Application; annotate with ${SYNC_OPTIONS}: SkipDryRunOnMissingResource=true so a first sync's dry-run does not fail` });
    }
  }
  return findings;
}
