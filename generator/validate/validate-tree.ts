/**
 * All validation layers over one rendered tree. Used by generate (before anything is written) and by validate
 * (over the tree on disk). Findings are collected, never thrown.
 */
import type { Finding } from "../errors.js";
import type { RenderedDoc } from "../render/output-file.js";
import { checkModels } from "./check-models.js";
import { checkOrdering } from "./check-ordering.js";
import { checkSchemas } from "./check-schemas.js";
import { checkValues } from "./check-values.js";
import { kubeDocs } from "./kube-docs.js";

export interface ValidateOptions {
  /** Strict schema catalog in kubeconform layout; absent = layer skipped. */
  readonly schemaLocation?: string;
  /** Pinned chart defaults (<chart>/<version>/values.yaml); absent = values keys unchecked. */
  readonly chartCache?: string;
}

export interface ValidationReport {
  readonly findings: Finding[];
  readonly notes: string[];
  /** Checks that ran, for the summary line. */
  readonly checks: string[];
}

export function validateTree(docs: readonly RenderedDoc[], options: ValidateOptions): ValidationReport {
  const kube = kubeDocs(docs);
  const paths = new Set(docs.map((d) => d.path));
  const findings: Finding[] = [...checkModels(kube), ...checkOrdering(kube, paths)];
  const notes: string[] = [];
  const checks = ["models", "ordering"];
  if (options.schemaLocation) {
    findings.push(...checkSchemas(kube, options.schemaLocation));
    checks.push("schema");
  }
  if (options.chartCache) {
    const values = checkValues(kube, docs, options.chartCache);
    findings.push(...values.findings);
    notes.push(...values.notes);
    checks.push("values");
  }
  return { findings, notes, checks };
}
