/**
 * Render and validate a set of clusters: the part of generate that scales with the number of clusters. Clusters are
 * independent (their files, Applications and checks never cross), so each is rendered and validated on its own and
 * only its files are kept: the parsed objects of one cluster are dropped before the next is rendered, which keeps
 * peak memory close to flat in the number of clusters (generate.ts drives the loop).
 */
import type { Finding } from "../errors.js";
import type { ClusterInput } from "../plan/cluster-plan.js";
import { DuplicatePathError, type OutputFile } from "../render/output-file.js";
import { render } from "../render/render.js";
import { scalingSummary } from "../plan/scaling-summary.js";
import type { HorizonEnd } from "../validate/holiday-horizon.js";
import { validateTree, type ValidateOptions } from "../validate/validate-tree.js";

export interface RenderValidateResult {
  /** Sorted by path. */
  readonly files: OutputFile[];
  readonly findings: Finding[];
  readonly notes: string[];
  readonly warnings: string[];
  readonly horizons: HorizonEnd[];
  readonly checks: string[];
}

/** One cluster's part of a run (what the per-cluster memo records). */
export interface ClusterResult extends Omit<RenderValidateResult, "checks"> {
  readonly name: string;
  /** The scaling lines generate prints for a clean cluster (none when it has findings). */
  readonly summary: string[];
}

export function renderAndValidateCluster(cluster: ClusterInput, options: ValidateOptions): ClusterResult & { checks: string[] } {
  const { files, docs, plans } = render({ clusters: [cluster] });
  // Nothing can have changed an object since it was serialised: its YAML (less the marker) names it for the checks.
  const yaml = new Map(files.filter((f) => f.path.endsWith(".yaml")).map((f) => [f.path, f.content.slice(f.content.indexOf("\n") + 1)]));
  const report = validateTree(
    docs.map((d) => {
      const text = yaml.get(d.path);
      return text === undefined ? d : { ...d, text };
    }),
    options,
  );
  return { name: cluster.name, files: [...files], ...report, summary: report.findings.length ? [] : scalingSummary(plans[0]!) };
}

/** Results of disjoint cluster sets, as if rendered together. */
export function mergeResults(parts: readonly ClusterResult[], checks: readonly string[]): RenderValidateResult {
  const files = parts.flatMap((p) => p.files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < files.length; i++) if (files[i]!.path === files[i - 1]!.path) throw new DuplicatePathError(files[i]!.path);
  return {
    files,
    findings: parts.flatMap((p) => p.findings),
    notes: parts.flatMap((p) => p.notes),
    warnings: parts.flatMap((p) => p.warnings),
    horizons: parts.flatMap((p) => p.horizons),
    checks: [...checks],
  };
}
