/**
 * All validation layers over one rendered tree. Used by generate (before anything is written) and by validate
 * (over the tree on disk). Findings are collected, never thrown.
 */
import type { Finding } from "../errors.js";
import type { RenderedDoc } from "../render/output-file.js";
import { checkModels } from "./check-models.js";
import { checkOrdering } from "./check-ordering.js";
import { checkPromql } from "./check-promql.js";
import { horizonEnds } from "./check-schedule.js";
import { horizonWarning, type HorizonEnd } from "./holiday-horizon.js";
import { checkRoutes } from "./check-routes.js";
import { checkSchemas } from "./check-schemas.js";
import { checkSecrets } from "./check-secrets.js";
import { checkValues } from "./check-values.js";
import { kubeDocs } from "./kube-docs.js";
import { checkRendered } from "./check-rendered.js";
import { renderCharts } from "./render-charts.js";
import { stringify } from "yaml";

/** The values files' YAML as helm reads it (the tree holds them parsed), by path. */
function valuesTexts(docs: readonly RenderedDoc[]): (path: string) => string | undefined {
  const byPath = new Map(docs.map((d) => [d.path, d]));
  return (path) => {
    const d = byPath.get(path);
    return d ? stringify(d.data, { version: "1.1" }) : undefined;
  };
}

export interface ValidateOptions {
  /** Strict schema catalog in kubeconform layout; absent = layer skipped. */
  readonly schemaLocation?: string;
  /** Pinned chart defaults (<chart>/<version>/values.yaml); absent = values keys unchecked. */
  readonly chartCache?: string;
  /** Render every chart as Argo CD would (needs chartCache): helm and kubectl to use. */
  readonly render?: { readonly helm: string; readonly kubectl: string };
  /** The date the holiday horizon is compared with (validation may read the clock; render never does). */
  readonly now?: Date;
}

export interface ValidationReport {
  readonly findings: Finding[];
  readonly notes: string[];
  /** Things that work today but will not for long (exit code unaffected). */
  readonly warnings: string[];
  /** Holiday calendars and their last day (warnings are recomputed from these on a memoised run). */
  readonly horizons: HorizonEnd[];
  /** Checks that ran, for the summary line. */
  readonly checks: string[];
}

export function validateTree(docs: readonly RenderedDoc[], options: ValidateOptions): ValidationReport {
  const kube = kubeDocs(docs);
  const paths = new Set(docs.map((d) => d.path));
  const notes: string[] = [];
  const charts = options.render && options.chartCache ? renderCharts(kube, valuesTexts(docs), { ...options.render, chartCache: options.chartCache }) : undefined;
  const chartServices = charts?.objects.filter((o) => o.kind === "Service");
  const findings: Finding[] = [...checkModels(kube), ...checkOrdering(kube, paths), ...checkPromql(docs), ...checkSecrets(docs), ...checkRoutes(kube, chartServices)];
  const horizons = horizonEnds(kube);
  const now = options.now ?? new Date();
  const warnings = horizons.flatMap((h) => horizonWarning(h, now) ?? []);
  const checks = ["models", "ordering", "promql", "routes", "secrets", "schedule"];
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
  if (charts) {
    const rendered = checkRendered(kube, charts.objects, options.schemaLocation);
    findings.push(...charts.findings, ...rendered.findings);
    notes.push(...rendered.notes);
    checks.push(`render (${charts.rendered} charts, ${charts.objects.length} objects)`);
  }
  return { findings, notes, warnings, horizons, checks };
}
