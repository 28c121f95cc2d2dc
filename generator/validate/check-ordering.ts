/**
 * Semantics Argo CD only discovers on a live cluster: every custom resource's CRD comes from an earlier wave or the
 * same Application; every manifest is owned by an Application; every `$values/...` file and directory source exists.
 */
import { BOOTSTRAP_GROUPS, BUILT_IN_GROUPS, CRD_GROUPS } from "../catalog/crd-providers.js";
import type { Finding } from "../errors.js";
import { SYNC_OPTIONS } from "../catalog/argo-labels.js";
import { applications, chartKeyOf, clusterDirOf, type AppView } from "./applications.js";
import { groupOf, type KubeDoc } from "./kube-docs.js";

export function checkOrdering(docs: readonly KubeDoc[], allPaths: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const apps = applications(docs);
  const byCluster = new Map<string, AppView[]>();
  for (const app of apps) {
    const list = byCluster.get(app.clusterDir);
    if (list) list.push(app);
    else byCluster.set(app.clusterDir, [app]);
  }
  // Every directory that holds a file (at any depth), for the directory-source check.
  const dirs = new Set<string>();
  for (const p of allPaths) for (let i = p.indexOf("/"); i !== -1; i = p.indexOf("/", i + 1)) dirs.add(p.slice(0, i));

  for (const app of apps) {
    const hasValuesRef = app.sources.some((s) => s.ref === "values");
    for (const source of app.sources) {
      for (const file of source.helm?.valueFiles ?? []) {
        if (!file.startsWith("$values/")) continue;
        if (!hasValuesRef) findings.push({ path: app.doc.path, check: "ordering", message: `Application ${app.name} uses ${file} but has no source with ref: values` });
        if (!allPaths.has(file.slice("$values/".length))) findings.push({ path: app.doc.path, check: "ordering", message: `Application ${app.name}: values file ${file} does not exist in the tree` });
      }
      if (source.path && !source.chart && source.repoURL && !chartKeyOf(source)) {
        if (!dirs.has(source.path)) findings.push({ path: app.doc.path, check: "ordering", message: `Application ${app.name}: source path ${source.path}/ holds no files` });
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
  findings.push(...gpuWorkloadsLast(docs, byCluster));
  return findings;
}

/** Pod templates that request a GPU (Deployment, StatefulSet, DaemonSet, Job: spec.template.spec.containers). */
function requestsGpu(doc: KubeDoc): boolean {
  const template = (doc.data["spec"] as { template?: { spec?: { containers?: { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }[] } } } | undefined)?.template;
  return (template?.spec?.containers ?? []).some((c) => c.resources?.requests?.["nvidia.com/gpu"] !== undefined || c.resources?.limits?.["nvidia.com/gpu"] !== undefined);
}

/**
 * The root waits for every Application of a wave before the next: an Application in a later wave than a GPU workload
 * waits on a model becoming Ready, which can take an hour from a GPU pool at zero, or forever when the model cannot
 * start. Refuse it.
 */
function gpuWorkloadsLast(docs: readonly KubeDoc[], byCluster: ReadonlyMap<string, AppView[]>): Finding[] {
  const findings: Finding[] = [];
  const gpuDocs = new Map<string, KubeDoc[]>();
  for (const doc of docs) {
    if (!requestsGpu(doc)) continue;
    const clusterDir = clusterDirOf(doc.path);
    const list = gpuDocs.get(clusterDir);
    if (list) list.push(doc);
    else gpuDocs.set(clusterDir, [doc]);
  }
  for (const [clusterDir, apps] of byCluster) {
    const owners = new Map<AppView, KubeDoc>();
    for (const doc of gpuDocs.get(clusterDir) ?? []) {
      const dir = doc.path.slice(0, doc.path.lastIndexOf("/"));
      const owner = apps.find((a) => a.sources.some((src) => src.path === dir && !chartKeyOf(src)));
      if (owner && !owners.has(owner)) owners.set(owner, doc);
    }
    for (const [gpuApp, workload] of owners) {
      for (const later of apps.filter((a) => a.wave > gpuApp.wave)) {
        findings.push({
          path: later.doc.path,
          check: "ordering",
          message: `Application ${later.name} (wave ${later.wave}) waits on ${gpuApp.name} (wave ${gpuApp.wave}), which runs the GPU workload ${workload.kind} ${workload.name}: GPU workloads must come in the last wave, so that nothing waits for a model to become Ready`,
        });
      }
    }
  }
  return findings;
}
