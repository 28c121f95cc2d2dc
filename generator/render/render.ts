/**
 * render: Matrix -> every output file. Pure: no clock, no randomness, no environment, no I/O.
 */
import { vllmOverview } from "../dashboards/vllm-overview.js";
import { clusterReadme, type RenderedFacts } from "../docs/cluster-readme.js";
import type { AppUnit } from "../layers/app-unit.js";
import { renderLayers } from "../layers/index.js";
import { planCluster, type ClusterInput, type ClusterPlan } from "../plan/cluster-plan.js";
import { renderAppOfApps } from "./app-of-apps.js";
import { jsonFile } from "./serialize.js";
import { DuplicatePathError, type OutputFile, type RenderedDoc } from "./output-file.js";

export interface RenderResult {
  /** Sorted by path. */
  readonly files: readonly OutputFile[];
  readonly docs: readonly RenderedDoc[];
  /** Each cluster's plan, in the matrix's order (what was rendered from). */
  readonly plans: readonly ClusterPlan[];
}

export function render(matrix: { readonly clusters: readonly ClusterInput[] }): RenderResult {
  const files: OutputFile[] = [];
  const docs: RenderedDoc[] = [];
  const plans: ClusterPlan[] = [];
  for (const cluster of matrix.clusters) {
    const plan = planCluster(cluster);
    plans.push(plan);
    const units = renderLayers(plan);
    const out = renderAppOfApps(plan, units);
    files.push(...out.files);
    docs.push(...out.docs);
    const readme = { path: `${plan.paths.apps}/README.md`, content: clusterReadme(plan, renderedFacts(units)) };
    files.push(readme);
    // Validation sees the text too (the secret scan).
    docs.push({ path: readme.path, data: readme.content });
    if (plan.models.length > 0) {
      // Per cluster: metric names follow the cluster's vLLM versions.
      const { file, doc } = jsonFile(`dashboards/${plan.name}/vllm-overview.json`, plan.sourceFile, vllmOverview(plan) as unknown as Record<string, unknown>);
      files.push(file);
      docs.push(doc);
    }
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new DuplicatePathError(f.path);
    seen.add(f.path);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, docs, plans };
}

/** The waves and alert names as rendered, for the cluster README (docs read no layer module). */
function renderedFacts(units: readonly AppUnit[]): RenderedFacts {
  const waves = [...new Set(units.map((u) => u.wave))].sort((a, b) => a - b).map((wave) => ({ wave, apps: units.filter((u) => u.wave === wave).map((u) => u.name) }));
  const byModel: Record<string, string[]> = {};
  const cluster: string[] = [];
  for (const o of units.flatMap((u) => u.manifests ?? [])) {
    if (o.kind !== "PrometheusRule") continue;
    for (const group of (o as unknown as { spec: { groups: { name: string; rules: { alert?: string }[] }[] } }).spec.groups) {
      const alerts = group.rules.flatMap((r) => (r.alert ? [r.alert] : []));
      // Per-model groups are named vllm-<model> (vllm-alerts.ts); the others watch the whole cluster.
      if (group.name.startsWith("vllm-")) byModel[group.name.slice("vllm-".length)] = alerts;
      else cluster.push(...alerts);
    }
  }
  return { waves, alerts: { byModel, cluster } };
}
