/**
 * The app-of-apps: turns each layer's AppUnits into child Applications (+ their values and manifest files), an
 * AppProject that fences them in, and the root Application the bootstrap applies.
 */
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type { IApplicationSource } from "../layers/argo-types.js";
import type { AppUnit, KubeObject } from "../layers/app-unit.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import {
  ARGOCD_NAMESPACE,
  CASCADE_FINALIZER,
  IN_CLUSTER,
  LABEL,
  PART_OF,
  PLATFORM_PROJECT,
  SYNC_OPTIONS,
  SYNC_WAVE,
} from "../catalog/argo-labels.js";
import { BUILT_IN_GROUPS, CRD_GROUPS } from "../catalog/crd-providers.js";
import { groupOf } from "../catalog/api-version.js";
import type { OutputFile, RenderedDoc } from "./output-file.js";
import { toPlain, yamlFile } from "./serialize.js";
import { model } from "../layers/model.js";

export interface RenderedCluster {
  readonly files: OutputFile[];
  readonly docs: RenderedDoc[];
}

/** Retry with backoff on every Application: waves do not cover dry-run failures while CRDs settle. */
const RETRY = { limit: 10, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } };

/** `<kind>-<name>.yaml`; objects outside the Application's namespace also name theirs, so same-named ones do not collide. */
export const manifestFileName = (o: KubeObject, unitNamespace: string): string => {
  const ns = o.metadata?.namespace;
  return `${o.kind.toLowerCase()}-${ns && ns !== unitNamespace ? `${ns}-` : ""}${o.metadata?.name ?? "unnamed"}.yaml`;
};

export function renderAppOfApps(plan: ClusterPlan, units: readonly AppUnit[]): RenderedCluster {
  const out: RenderedCluster = { files: [], docs: [] };
  const emit = (path: string, data: unknown) => {
    const { file, doc } = yamlFile(path, plan.sourceFile, data);
    out.files.push(file);
    out.docs.push(doc);
  };
  const labels = (layer: string) => ({
    [LABEL.partOf]: PART_OF,
    [LABEL.managedBy]: "argocd",
    [LABEL.cluster]: plan.name,
    [LABEL.environment]: plan.config.environment,
    [LABEL.layer]: layer,
  });

  for (const unit of units) {
    const manifestsDir = plan.paths.manifests(unit.name);
    const valuesPath = plan.paths.values(unit.name);
    if (unit.chart) emit(valuesPath, unit.chart.values);
    for (const object of unit.manifests ?? []) emit(`${manifestsDir}/${manifestFileName(object, unit.namespace)}`, skipDryRunIfCrdElsewhere(unit, object));
    emit(`${plan.paths.applications}/${unit.name}.yaml`, childApplication(plan, unit, labels(unit.layer)));
  }
  emit(`${plan.paths.applications}/project.yaml`, project(plan, units, labels("platform")));
  emit(`${plan.paths.apps}/root.yaml`, root(plan, labels("root")));
  return out;
}

/**
 * A custom resource whose CRD another Application installs fails Argo CD's whole-sync dry-run on a first install;
 * the per-resource option is honoured by every Argo CD version (the app-level one landed late).
 */
function skipDryRunIfCrdElsewhere(unit: AppUnit, object: KubeObject): unknown {
  const group = groupOf(object.apiVersion);
  const ownCrds = unit.chart ? (CRD_GROUPS[unit.chart.key] ?? []) : [];
  if (BUILT_IN_GROUPS.has(group) || ownCrds.includes(group)) return object;
  // toPlain shares what was plain already with the object: build the changed metadata anew instead of changing it.
  const plain = toPlain(object) as { metadata: { annotations?: Record<string, string> } };
  return { ...plain, metadata: { ...plain.metadata, annotations: { ...plain.metadata.annotations, [SYNC_OPTIONS]: "SkipDryRunOnMissingResource=true" } } };
}

function sources(plan: ClusterPlan, unit: AppUnit): IApplicationSource[] {
  const git = { repoURL: plan.config.git.repoURL, targetRevision: plan.config.git.revision };
  const list: IApplicationSource[] = [];
  if (unit.chart) {
    const pin = plan.charts[unit.chart.key];
    list.push({
      repoURL: pin.repoURL,
      chart: pin.chart!,
      targetRevision: pin.version,
      helm: { releaseName: unit.chart.releaseName, valueFiles: [`$values/${plan.paths.values(unit.name)}`] },
    });
    list.push({ ...git, ref: "values" });
  }
  if (unit.git) {
    const pin = plan.charts[unit.git.key];
    list.push({ repoURL: pin.repoURL, targetRevision: pin.version, path: pin.path! });
  }
  if (unit.manifests?.length) list.push({ ...git, path: plan.paths.manifests(unit.name), directory: { recurse: false } });
  return list;
}

function info(plan: ClusterPlan, unit: AppUnit): { name: string; value: string }[] {
  const lines = [
    { name: "Layer", value: `${unit.layer}: ${unit.description}` },
    { name: "Generated from", value: `${plan.sourceFile} by llm-gitops (npm run generate)` },
  ];
  if (unit.chart) {
    const pin = plan.charts[unit.chart.key];
    lines.push({ name: "Chart", value: `${pin.chart}@${pin.version} from ${pin.repoURL}` });
    lines.push({ name: "Values", value: plan.paths.values(unit.name) });
  }
  if (unit.git) {
    const pin = plan.charts[unit.git.key];
    lines.push({ name: "Upstream", value: `${pin.repoURL}/${pin.path}@${pin.version}` });
  }
  if (unit.manifests?.length) lines.push({ name: "Manifests", value: `${plan.paths.manifests(unit.name)}/` });
  // validate --render passes it to helm as --kube-version, as Argo CD passes the cluster's.
  if (unit.chart || unit.git) lines.push({ name: "Kubernetes", value: plan.config.kubernetes.version });
  return lines;
}

function childApplication(plan: ClusterPlan, unit: AppUnit, labels: Record<string, string>): Application {
  const syncOptions = ["CreateNamespace=true"];
  if (unit.serverSideApply) syncOptions.push("ServerSideApply=true");
  if (unit.ignoreDifferences?.length) syncOptions.push("RespectIgnoreDifferences=true");
  // Deleting Argo CD's own Application must not cascade into deleting the running Argo CD.
  const selfManaged = unit.layer === "argo-cd";
  return model(Application, {
    metadata: {
      name: unit.name,
      namespace: ARGOCD_NAMESPACE,
      labels,
      annotations: { [SYNC_WAVE]: String(unit.wave) },
      ...(selfManaged ? {} : { finalizers: [CASCADE_FINALIZER] }),
    },
    spec: {
      project: PLATFORM_PROJECT,
      info: info(plan, unit),
      sources: sources(plan, unit),
      destination: { server: IN_CLUSTER, namespace: unit.namespace },
      syncPolicy: {
        automated: { prune: !selfManaged, selfHeal: true },
        syncOptions,
        retry: RETRY,
        ...(unit.namespaceLabels ? { managedNamespaceMetadata: { labels: { ...unit.namespaceLabels } } } : {}),
      },
      ...(unit.ignoreDifferences?.length ? { ignoreDifferences: [...unit.ignoreDifferences] } : {}),
    },
  });
}

function project(plan: ClusterPlan, units: readonly AppUnit[], labels: Record<string, string>): AppProject {
  const repos = new Set<string>([plan.config.git.repoURL]);
  for (const u of units) {
    const key = u.chart?.key ?? u.git?.key;
    if (key) repos.add(plan.charts[key].repoURL);
  }
  const namespaces = [...new Set(["kube-system", ...units.map((u) => u.namespace)].concat(units.flatMap((u) => (u.manifests ?? []).map((m) => m.metadata?.namespace ?? u.namespace))))].sort();
  return model(AppProject, {
    metadata: { name: PLATFORM_PROJECT, namespace: ARGOCD_NAMESPACE, labels, annotations: { [SYNC_WAVE]: "-10" } },
    spec: {
      description: `Platform layers of cluster ${plan.name} (${plan.config.environment}), rendered by llm-gitops from ${plan.sourceFile}`,
      sourceRepos: [...repos].sort(),
      destinations: namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
      // Platform layers install CRDs, webhooks and cluster roles.
      clusterResourceWhitelist: [{ group: "*", kind: "*" }],
      namespaceResourceWhitelist: [{ group: "*", kind: "*" }],
    },
  });
}

function root(plan: ClusterPlan, labels: Record<string, string>): Application {
  return model(Application, {
    metadata: { name: `${plan.name}-root`, namespace: ARGOCD_NAMESPACE, labels, finalizers: [CASCADE_FINALIZER] },
    spec: {
      project: "default",
      info: [
        { name: "What", value: `app-of-apps for cluster ${plan.name}: the AppProject and one child Application per layer, synced in waves` },
        { name: "Generated from", value: `${plan.sourceFile} by llm-gitops (npm run generate)` },
        { name: "Children", value: `${plan.paths.applications}/` },
      ],
      source: {
        repoURL: plan.config.git.repoURL,
        targetRevision: plan.config.git.revision,
        path: plan.paths.applications,
        directory: { recurse: false },
      },
      destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      syncPolicy: { automated: { prune: true, selfHeal: true }, retry: RETRY },
    },
  });
}
