/**
 * Every PromQL expression in a rendered tree, with where it lives: PrometheusRule rules, KEDA Prometheus triggers and
 * Grafana dashboard targets/variables (dashboards/*.json and the provisioning ConfigMaps). Grafana's own variables are
 * replaced by values Prometheus accepts, so the result can go to a PromQL parser or promtool as is.
 */
import type { RenderedDoc } from "../render/output-file.js";

export interface PromqlExpression {
  /** File the expression is in. */
  readonly path: string;
  /** Where inside the file (a dotted path). */
  readonly at: string;
  /** Cluster the file belongs to (apps/<c>/..., dashboards/<c>/...). */
  readonly cluster: string;
  readonly expr: string;
}

/** Grafana interval variables -> durations; label-matcher variables stay (they sit inside quoted strings). */
export const substituteGrafanaVariables = (expr: string): string =>
  expr.replace(/\$__rate_interval|\$__interval|\$__range/g, "5m");

/** `label_values(<selector>, label)`: the selector is PromQL, the wrapper is Grafana's. */
const LABEL_VALUES = /^label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$/s;

function dashboardExpressions(path: string, cluster: string, dashboard: Record<string, unknown>, prefix: string): PromqlExpression[] {
  const out: PromqlExpression[] = [];
  const panels = (dashboard["panels"] ?? []) as { targets?: { expr?: string }[] }[];
  panels.forEach((p, i) =>
    (p.targets ?? []).forEach((t, j) => {
      if (t.expr) out.push({ path, cluster, at: `${prefix}panels[${i}].targets[${j}].expr`, expr: substituteGrafanaVariables(t.expr) });
    }),
  );
  const variables = ((dashboard["templating"] as { list?: { type?: string; query?: unknown }[] } | undefined)?.list ?? []);
  variables.forEach((v, i) => {
    const m = v.type === "query" && typeof v.query === "string" ? LABEL_VALUES.exec(v.query) : null;
    if (m) out.push({ path, cluster, at: `${prefix}templating.list[${i}].query`, expr: substituteGrafanaVariables(m[1]!) });
  });
  return out;
}

export function promqlExpressions(docs: readonly RenderedDoc[]): PromqlExpression[] {
  const out: PromqlExpression[] = [];
  for (const d of docs) {
    const cluster = d.path.split("/")[1] ?? "";
    const data = d.data as Record<string, any> | null;
    if (!data || typeof data !== "object") continue;
    if (d.path.startsWith("dashboards/")) {
      out.push(...dashboardExpressions(d.path, cluster, data, ""));
      continue;
    }
    if (data["kind"] === "PrometheusRule") {
      (data["spec"]?.groups ?? []).forEach((g: any, i: number) =>
        (g.rules ?? []).forEach((r: any, j: number) => out.push({ path: d.path, cluster, at: `spec.groups[${i}].rules[${j}].expr`, expr: String(r.expr) })),
      );
    } else if (data["kind"] === "ScaledObject") {
      (data["spec"]?.triggers ?? []).forEach((t: any, i: number) => {
        if (t.type === "prometheus" && t.metadata?.query) out.push({ path: d.path, cluster, at: `spec.triggers[${i}].metadata.query`, expr: String(t.metadata.query) });
      });
    } else if (data["kind"] === "ConfigMap") {
      for (const [key, value] of Object.entries((data["data"] ?? {}) as Record<string, string>)) {
        if (!key.endsWith(".json")) continue;
        try {
          out.push(...dashboardExpressions(d.path, cluster, JSON.parse(value), `data[${key}].`));
        } catch {
          // Not JSON: not a dashboard.
        }
      }
    }
  }
  return out;
}
