/**
 * The `vllm-overview` Grafana dashboard, built with Grafana's foundation SDK: the seed's five panels (request queue,
 * TTFT p50/p95/p99, tokens/s, KV cache %, GPU utilisation + VRAM from DCGM), then replicas and finished requests, a
 * datasource variable and namespace / model filters. Metric names come from each model's vLLM version; when a cluster's models disagree (e.g. one before
 * and one after v0.12), the panel queries both names with `or`. Every query is exported for the PromQL check.
 */
import { DashboardBuilder, DatasourceVariableBuilder, QueryVariableBuilder, VariableRefresh, VariableSort } from "@grafana/grafana-foundation-sdk/dashboard";
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder } from "@grafana/grafana-foundation-sdk/timeseries";
import { DCGM, type VllmMetrics } from "../catalog/vllm.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE } from "../plan/model-plan.js";

export const DASHBOARD_UID = "vllm-overview";
const DS = { type: "prometheus", uid: "${datasource}" };
const SEL = 'namespace=~"$namespace",model_name=~"$model"';

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  /** `unit`: this query's own unit, drawn on the right axis (VRAM MiB next to utilisation %). */
  readonly targets: readonly { readonly expr: string; readonly legend: string; readonly unit?: string }[];
}

/** `name{sel}`, or `(a{sel} or b{sel})` when the cluster's vLLM versions export different names. */
function metric(plan: ClusterPlan, pick: (m: VllmMetrics) => string, selector = SEL): string {
  const names = [...new Set(plan.models.map((m) => pick(m.metrics)))].sort();
  return names.length === 1 ? `${names[0]}{${selector}}` : `(${names.map((n) => `${n}{${selector}}`).join(" or ")})`;
}

export function panelSpecs(plan: ClusterPlan): PanelSpec[] {
  const ttft = metric(plan, (m) => m.ttftBucket);
  const quantile = (q: number) => ({
    expr: `histogram_quantile(${q}, sum by (le, model_name) (rate(${ttft}[$__rate_interval])))`,
    legend: `{{model_name}} p${Math.round(q * 100)}`,
  });
  // DCGM series carry the namespace of the pod using the GPU (the exporter's Kubernetes mapping).
  const gpuSel = 'namespace=~"$namespace"';
  // kube-state-metrics names Deployments, not models: vllm-<model>. Grafana renders a multi-value $model as (a|b).
  const workloadSel = 'namespace=~"$namespace",statefulset=~"vllm-$model"';
  return [
    {
      title: "Request queue",
      description: "Requests being processed and waiting per model (vLLM scheduler). KEDA scales on the waiting count.",
      unit: "short",
      targets: [
        { expr: `sum by (model_name) (${metric(plan, (m) => m.running)})`, legend: "{{model_name}} running" },
        { expr: `sum by (model_name) (${metric(plan, (m) => m.waiting)})`, legend: "{{model_name}} waiting" },
      ],
    },
    {
      title: "Time to first token (p50 / p95 / p99)",
      description: "histogram_quantile over the TTFT histogram; VllmHighTTFT fires on p95.",
      unit: "s",
      targets: [quantile(0.5), quantile(0.95), quantile(0.99)],
    },
    {
      title: "Tokens per second",
      description: "Generated (and prompt) tokens per second per model.",
      unit: "short",
      targets: [
        { expr: `sum by (model_name) (rate(${metric(plan, (m) => m.generationTokens)}[$__rate_interval]))`, legend: "{{model_name}} generated" },
        { expr: `sum by (model_name) (rate(${metric(plan, (m) => m.promptTokens)}[$__rate_interval]))`, legend: "{{model_name}} prompt" },
      ],
    },
    {
      title: "KV cache usage",
      description: "Share of the KV cache in use per replica; VllmKvCacheHigh fires above the cluster's threshold.",
      unit: "percent",
      targets: [{ expr: `${metric(plan, (m) => m.kvCacheUsage)} * 100`, legend: "{{model_name}} {{pod}}" }],
    },
    {
      title: "GPU utilisation and VRAM",
      description: "DCGM exporter: GPU utilisation (%) and framebuffer used/free (MiB) per GPU.",
      unit: "percent",
      targets: [
        { expr: `${DCGM.gpuUtil}{${gpuSel}}`, legend: "{{Hostname}} GPU {{gpu}} util %" },
        { expr: `${DCGM.fbUsed}{${gpuSel}}`, legend: "{{Hostname}} GPU {{gpu}} VRAM used", unit: "decmbytes" },
        { expr: `${DCGM.fbFree}{${gpuSel}}`, legend: "{{Hostname}} GPU {{gpu}} VRAM free", unit: "decmbytes" },
        { expr: `${DCGM.memCopyUtil}{${gpuSel}}`, legend: "{{Hostname}} GPU {{gpu}} memory bus %" },
      ],
    },
    // Beyond the seed: what scale to zero is doing, and what finishes.
    {
      title: "Replicas (KEDA)",
      description: "Replicas KEDA asks for and replicas ready, per model: 0 while idle; a gap while a cold start runs.",
      unit: "short",
      targets: [
        { expr: `sum by (statefulset) (kube_statefulset_replicas{${workloadSel}})`, legend: "{{statefulset}} desired" },
        { expr: `sum by (statefulset) (kube_statefulset_status_replicas_ready{${workloadSel}})`, legend: "{{statefulset}} ready" },
      ],
    },
    {
      title: "Finished requests per second",
      description: "Requests vLLM finished, by model and reason (stop, length, abort).",
      unit: "reqps",
      targets: [{ expr: `sum by (model_name, finished_reason) (rate(${metric(plan, (m) => m.requestSuccess)}[$__rate_interval]))`, legend: "{{model_name}} {{finished_reason}}" }],
    },
  ];
}

/** The dashboard of a plan: the vllm layer's ConfigMap and the dashboards/ file carry the same one (built once). */
const built = new WeakMap<ClusterPlan, Dashboard>();
export function vllmOverview(plan: ClusterPlan): Dashboard {
  let dashboard = built.get(plan);
  if (!dashboard) built.set(plan, (dashboard = buildOverview(plan)));
  return dashboard;
}

function buildOverview(plan: ClusterPlan): Dashboard {
  const builder = new DashboardBuilder(`vLLM overview (${plan.name})`)
    .uid(DASHBOARD_UID)
    .description(`vLLM serving on cluster ${plan.name}: queue, latency, throughput, KV cache and GPUs. Generated by llm-gitops from ${plan.sourceFile}.`)
    .tags(["llm-gitops", "vllm", plan.name])
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .readonly()
    .withVariable(new DatasourceVariableBuilder("datasource").label("Data source").type("prometheus"))
    .withVariable(
      new QueryVariableBuilder("namespace")
        .label("Namespace")
        .datasource(DS)
        .query(`label_values(${plan.models[0]!.metrics.running}, namespace)`)
        .current({ text: VLLM_NAMESPACE, value: VLLM_NAMESPACE })
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc),
    )
    .withVariable(
      new QueryVariableBuilder("model")
        .label("Model")
        .datasource(DS)
        .query(`label_values(${plan.models[0]!.metrics.running}{namespace=~"$namespace"}, model_name)`)
        .multi(true)
        .includeAll(true)
        .allValue(".*")
        .current({ text: "All", value: "$__all" })
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc),
    );
  panelSpecs(plan).forEach((p, i) => {
    const panel = new PanelBuilder()
      .id(i + 1)
      .title(p.title)
      .description(p.description)
      .datasource(DS)
      .unit(p.unit)
      // Two per row; the GPU panel (the fifth) spans the width.
      .gridPos(i === 4 ? { x: 0, y: 16, w: 24, h: 8 } : { x: (i < 4 ? i : i - 5) % 2 * 12, y: i < 4 ? Math.floor(i / 2) * 8 : 24, w: 12, h: 8 });
    // refIds set explicitly: the SDK would otherwise leave them to Grafana and the JSON would not be stable.
    p.targets.forEach((t, j) => {
      const refId = String.fromCharCode(65 + j);
      panel.withTarget(new DataqueryBuilder().refId(refId).expr(t.expr).legendFormat(t.legend));
      if (t.unit) panel.overrideByQuery(refId, [{ id: "unit", value: t.unit }, { id: "custom.axisPlacement", value: "right" }]);
    });
    builder.withPanel(panel);
  });
  return builder.build();
}
