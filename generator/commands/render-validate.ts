/**
 * Render and validate a set of clusters: the part of generate that scales with the number of clusters. Clusters are
 * independent (their files, Applications and checks never cross), so the work can be split across worker threads
 * (parallel-render.ts) and the results merged.
 */
import type { Finding } from "../errors.js";
import type { ClusterInput } from "../plan/cluster-plan.js";
import type { OutputFile } from "../render/output-file.js";
import { render } from "../render/render.js";
import type { HorizonEnd } from "../validate/check-schedule.js";
import { validateTree, type ValidateOptions } from "../validate/validate-tree.js";

export interface RenderValidateResult {
  readonly files: OutputFile[];
  readonly findings: Finding[];
  readonly notes: string[];
  readonly warnings: string[];
  readonly horizons: HorizonEnd[];
  readonly checks: string[];
  /** Threads that rendered (1 in-process; 2 with the render worker). */
  readonly threads?: number;
}

export function renderAndValidate(clusters: readonly ClusterInput[], options: ValidateOptions): RenderValidateResult {
  const { files, docs } = render({ clusters });
  const report = validateTree(docs, options);
  return { files: [...files], ...report };
}

/** Results of disjoint cluster sets, as if rendered together. */
export function mergeResults(parts: readonly RenderValidateResult[]): RenderValidateResult {
  const files = parts.flatMap((p) => p.files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files,
    findings: parts.flatMap((p) => p.findings),
    notes: parts.flatMap((p) => p.notes),
    warnings: parts.flatMap((p) => p.warnings),
    horizons: parts.flatMap((p) => p.horizons),
    checks: parts[0]?.checks ?? [],
    threads: parts.length,
  };
}
