/**
 * The rendered rules and queries in a real Prometheus (127.0.0.1) scraping a fake vLLM endpoint that speaks vLLM's
 * exposition format (v0.21 names, `model_name` label): the KEDA query returns the single series KEDA needs, every
 * dashboard query returns data, and exactly the alerts whose thresholds are crossed go pending.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMatrix } from "../generator/matrix/load.js";
import { render } from "../generator/render/render.js";
import { promqlExpressions } from "../generator/validate/promql-expressions.js";
import { EXAMPLE_CLUSTERS } from "./helpers.js";
import { PROMETHEUS, PROMETHEUS_SKIP, eventually, fakeExporter, startPrometheus, type PrometheusServer } from "./prometheus-server.js";

const MODEL = 'engine="0",model_name="llama-3-1-8b"';
let scrapes = 0;
/** Each scrape: 10 more requests, all with a TTFT between 5 s and 10 s; KV cache at 95 %; 7 waiting. */
function exposition(): string {
  const n = 10 * ++scrapes;
  return [
    "# TYPE vllm:num_requests_running gauge",
    `vllm:num_requests_running{${MODEL}} 3`,
    "# TYPE vllm:num_requests_waiting gauge",
    `vllm:num_requests_waiting{${MODEL}} 7`,
    "# TYPE vllm:kv_cache_usage_perc gauge",
    `vllm:kv_cache_usage_perc{${MODEL}} 0.95`,
    "# TYPE vllm:time_to_first_token_seconds histogram",
    ...["1.0", "5.0"].map((le) => `vllm:time_to_first_token_seconds_bucket{${MODEL},le="${le}"} 0`),
    ...["10.0", "+Inf"].map((le) => `vllm:time_to_first_token_seconds_bucket{${MODEL},le="${le}"} ${n}`),
    `vllm:time_to_first_token_seconds_sum{${MODEL}} ${7 * n}`,
    `vllm:time_to_first_token_seconds_count{${MODEL}} ${n}`,
    "# TYPE vllm:generation_tokens_total counter",
    `vllm:generation_tokens_total{${MODEL}} ${100 * n}`,
    "# TYPE vllm:request_success_total counter",
    `vllm:request_success_total{${MODEL},finished_reason="stop"} ${n}`,
    "# TYPE vllm:prompt_tokens_total counter",
    `vllm:prompt_tokens_total{${MODEL}} ${400 * n}`,
    '# TYPE DCGM_FI_DEV_GPU_UTIL gauge',
    'DCGM_FI_DEV_GPU_UTIL{gpu="0",Hostname="gpu-node-1",pod="vllm-llama-3-1-8b-0"} 87',
    'DCGM_FI_DEV_FB_USED{gpu="0",Hostname="gpu-node-1",pod="vllm-llama-3-1-8b-0"} 14000',
    'DCGM_FI_DEV_FB_FREE{gpu="0",Hostname="gpu-node-1",pod="vllm-llama-3-1-8b-0"} 2000',
    'DCGM_FI_DEV_MEM_COPY_UTIL{gpu="0",Hostname="gpu-node-1",pod="vllm-llama-3-1-8b-0"} 40',
    // What kube-state-metrics reports for the StatefulSet.
    'kube_statefulset_replicas{statefulset="vllm-llama-3-1-8b"} 1',
    'kube_statefulset_status_replicas_ready{statefulset="vllm-llama-3-1-8b"} 1',
    "",
  ].join("\n");
}

describe.skipIf(!PROMETHEUS)(`dev's rules and queries in a real Prometheus${PROMETHEUS ? "" : ` — ${PROMETHEUS_SKIP}`}`, () => {
  const docs = render(loadMatrix(EXAMPLE_CLUSTERS)).docs.filter((d) => d.path.startsWith("apps/dev/") || d.path.startsWith("dashboards/dev/"));
  let prom: PrometheusServer;
  let exporter: Awaited<ReturnType<typeof fakeExporter>>;

  beforeAll(async () => {
    exporter = await fakeExporter(exposition);
    const rule = docs.find((d) => (d.data as any)?.kind === "PrometheusRule")!.data as any;
    // The target labels the ServiceMonitor gives on a cluster (with them, `up` keeps VllmTargetDown silent); DCGM's pod
    // mapping gives GPU series the workload's namespace.
    prom = await startPrometheus([{ port: exporter.port, labels: { namespace: "vllm", service: "vllm-llama-3-1-8b" } }], rule.spec);
  }, 30_000);

  afterAll(async () => {
    await prom?.stop();
    await exporter?.close();
  });

  it("KEDA's queue query returns exactly one series, the waiting count", async () => {
    const so = docs.find((d) => (d.data as any)?.kind === "ScaledObject")!.data as any;
    const query = so.spec.triggers.find((t: any) => t.name === "queue").metadata.query;
    const result = await eventually(async () => {
      const r = await prom.query(query);
      return r.length > 0 ? r : undefined;
    });
    expect(result).toHaveLength(1);
    expect(result[0]!.value[1]).toBe("7");
  });

  it("every dashboard query returns data", async () => {
    const exprs = promqlExpressions(docs)
      .filter((e) => e.path.startsWith("dashboards/"))
      .map((e) => e.expr.replace(/\$namespace/g, "vllm").replace(/\$model/g, ".*"));
    expect(exprs.length).toBeGreaterThanOrEqual(15);
    for (const expr of exprs) {
      const result = await eventually(async () => {
        const r = await prom.query(expr);
        return r.length > 0 ? r : undefined;
      });
      expect(result.length, expr).toBeGreaterThan(0);
    }
    const p95 = await prom.query(exprs.find((e) => e.startsWith("histogram_quantile(0.95"))!);
    expect(Number(p95[0]!.value[1])).toBeCloseTo(9.75, 1);
  });

  it("VllmHighTTFT and VllmKvCacheHigh go pending; the scraped target keeps VllmTargetDown silent; GPU memory below 98% stays silent", async () => {
    const pending = await eventually(async () => {
      const names = (await prom.alerts()).map((a) => a.labels["alertname"]!).sort();
      return names.length >= 2 ? names : undefined;
    });
    expect(pending).toEqual(["VllmHighTTFT", "VllmKvCacheHigh"]);
    for (const a of await prom.alerts()) expect(a.labels).toMatchObject({ severity: "warning", model: "llama-3-1-8b" });
  });
});
