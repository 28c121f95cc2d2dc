/**
 * render: Matrix -> every output file. Pure: no clock, no randomness, no environment, no I/O.
 */
import { vllmOverview } from "../dashboards/vllm-overview.js";
import { clusterReadme } from "../docs/cluster-readme.js";
import { renderLayers } from "../layers/index.js";
import { planCluster, type ClusterInput } from "../plan/cluster-plan.js";
import { renderAppOfApps } from "./app-of-apps.js";
import { jsonFile } from "./serialize.js";
import { DuplicatePathError, type OutputFile, type RenderedDoc } from "./output-file.js";

export interface RenderResult {
  /** Sorted by path. */
  readonly files: readonly OutputFile[];
  readonly docs: readonly RenderedDoc[];
}

export function render(matrix: { readonly clusters: readonly ClusterInput[] }): RenderResult {
  const files: OutputFile[] = [];
  const docs: RenderedDoc[] = [];
  for (const cluster of matrix.clusters) {
    const plan = planCluster(cluster);
    const units = renderLayers(plan);
    const out = renderAppOfApps(plan, units);
    files.push(...out.files);
    docs.push(...out.docs);
    const readme = { path: `${plan.paths.apps}/README.md`, content: clusterReadme(plan, units) };
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
  return { files, docs };
}
