/**
 * The rendered PrometheusRule, run under promtool: the rules parse, and each alert fires above its threshold and stays
 * silent below it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { promqlExpressions } from "../generator/validate/promql-expressions.js";
import { loadMatrix } from "../generator/matrix/load.js";
import { render } from "../generator/render/render.js";
import { EXAMPLE_CLUSTERS, VARIANT_CLUSTERS, tempDir } from "./helpers.js";
import { PROMTOOL, PROMTOOL_SKIP, promtool } from "./promtool.js";

const SEL = 'namespace="vllm",model_name="llama-3-1-8b"';

function rulesFile(dir: string): { file: string; rules: any } {
  const doc = render(loadMatrix(EXAMPLE_CLUSTERS)).docs.find((d) => d.path === "apps/dev/manifests/vllm/prometheusrule-vllm.yaml");
  if (!doc) throw new Error("dev PrometheusRule not rendered");
  const spec = (doc.data as { spec: unknown }).spec;
  const file = path.join(dir, "rules.yaml");
  writeFileSync(file, stringify(spec));
  return { file, rules: spec };
}

const annotations = (rules: any, alert: string, value: string) => {
  for (const g of rules.groups) for (const r of g.rules) if (r.alert === alert) {
    return Object.fromEntries(Object.entries(r.annotations as Record<string, string>).map(([k, v]) => [k, v.replace(/\{\{ \$value[^}]*\}\}/g, value)]));
  }
  throw new Error(`no alert ${alert}`);
};

function unitTest(dir: string, rulesPath: string, name: string, tests: unknown[]) {
  const file = path.join(dir, `${name}.test.yaml`);
  const groups = tests.map((t) => ({ interval: "1m", ...(t as object) }));
  writeFileSync(file, stringify({ rule_files: [rulesPath], evaluation_interval: "1m", tests: groups }));
  return promtool("test", "rules", file);
}

describe.skipIf(!PROMTOOL)(`alerts under promtool${PROMTOOL ? "" : ` — ${PROMTOOL_SKIP}`}`, () => {
  it("promtool check rules accepts the rendered rules", () => {
    const { file } = rulesFile(tempDir());
    const result = promtool("check", "rules", file);
    expect(result.output).toMatch(/SUCCESS: 7 rules found/);
    expect(result.code).toBe(0);
  });

  it("VllmKvCacheHigh fires above 0.9 for 5m and stays silent below", () => {
    const dir = tempDir();
    const { file, rules } = rulesFile(dir);
    const series = `vllm:kv_cache_usage_perc{${SEL},pod="p1"}`;
    const result = unitTest(dir, file, "kv", [
      {
        input_series: [{ series, values: "0.95x10" }],
        alert_rule_test: [
          { eval_time: "4m", alertname: "VllmKvCacheHigh", exp_alerts: [] },
          {
            eval_time: "6m",
            alertname: "VllmKvCacheHigh",
            exp_alerts: [{ exp_labels: { severity: "warning", model: "llama-3-1-8b", namespace: "vllm", model_name: "llama-3-1-8b", pod: "p1" }, exp_annotations: annotations(rules, "VllmKvCacheHigh", "95%") }],
          },
        ],
      },
      { input_series: [{ series, values: "0.85x10" }], alert_rule_test: [{ eval_time: "9m", alertname: "VllmKvCacheHigh", exp_alerts: [] }] },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });

  it("VllmHighTTFT fires when p95 TTFT is above 5 s for 2m and stays silent below", () => {
    const dir = tempDir();
    const { file, rules } = rulesFile(dir);
    const bucket = (le: string, values: string) => ({ series: `vllm:time_to_first_token_seconds_bucket{${SEL},pod="p1",le="${le}"}`, values });
    // 10 requests a minute, all between 5 s and 10 s: p95 = 5 + 5 x 0.95 = 9.75 s.
    const slow = [bucket("1", "0+0x20"), bucket("5", "0+0x20"), bucket("10", "0+10x20"), bucket("+Inf", "0+10x20")];
    const fast = [bucket("1", "0+10x20"), bucket("5", "0+10x20"), bucket("10", "0+10x20"), bucket("+Inf", "0+10x20")];
    const result = unitTest(dir, file, "ttft", [
      {
        input_series: slow,
        alert_rule_test: [
          { eval_time: "10m", alertname: "VllmHighTTFT", exp_alerts: [{ exp_labels: { severity: "warning", model: "llama-3-1-8b" }, exp_annotations: annotations(rules, "VllmHighTTFT", "9.75s") }] },
        ],
      },
      { input_series: fast, alert_rule_test: [{ eval_time: "10m", alertname: "VllmHighTTFT", exp_alerts: [] }] },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });

  it("VllmQueueAtMaxReplicas fires only when requests wait at the maximum replica count", () => {
    const dir = tempDir();
    const { file, rules } = rulesFile(dir);
    const waiting = { series: `vllm:num_requests_waiting{${SEL},pod="p1"}`, values: "3x20" };
    const replicas = (n: number) => ({ series: 'kube_statefulset_replicas{namespace="vllm",statefulset="vllm-llama-3-1-8b"}', values: `${n}x20` });
    const result = unitTest(dir, file, "queue", [
      {
        input_series: [waiting, replicas(2)],
        alert_rule_test: [{ eval_time: "12m", alertname: "VllmQueueAtMaxReplicas", exp_alerts: [{ exp_labels: { severity: "warning", model: "llama-3-1-8b" }, exp_annotations: annotations(rules, "VllmQueueAtMaxReplicas", "3") }] }],
      },
      { input_series: [waiting, replicas(1)], alert_rule_test: [{ eval_time: "12m", alertname: "VllmQueueAtMaxReplicas", exp_alerts: [] }] },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });

  it("VllmTargetDown fires when replicas are available but no target is up, silent while scraped", () => {
    const dir = tempDir();
    const { file, rules } = rulesFile(dir);
    const available = { series: 'kube_statefulset_status_replicas_ready{namespace="vllm",statefulset="vllm-llama-3-1-8b"}', values: "1x20" };
    const up = (v: number) => ({ series: `up{namespace="vllm",service="vllm-llama-3-1-8b",pod="p1"}`, values: `${v}x20` });
    const result = unitTest(dir, file, "down", [
      {
        input_series: [available, up(0)],
        alert_rule_test: [{ eval_time: "7m", alertname: "VllmTargetDown", exp_alerts: [{ exp_labels: { severity: "critical", model: "llama-3-1-8b", namespace: "vllm", statefulset: "vllm-llama-3-1-8b" }, exp_annotations: annotations(rules, "VllmTargetDown", "1") }] }],
      },
      { input_series: [available, up(1)], alert_rule_test: [{ eval_time: "7m", alertname: "VllmTargetDown", exp_alerts: [] }] },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });

  it("VllmStuckStarting fires for a pod not Ready past its cold-start budget, and not for one still within it or Ready", () => {
    const dir = tempDir();
    const { file, rules } = rulesFile(dir);
    const budget = Number(/> (\d+) and on/.exec(JSON.stringify(rules.groups[0].rules.find((r: any) => r.alert === "VllmStuckStarting").expr))![1]);
    const pod = 'namespace="vllm",pod="vllm-llama-3-1-8b-0"';
    // Created at t=0 (kube_pod_created is a Unix time); evaluated at 1 minute past the budget.
    const created = { series: `kube_pod_created{${pod}}`, values: `0x${Math.ceil(budget / 60) + 2}` };
    const notReady = (v: number) => ({ series: `kube_pod_status_ready{${pod},condition="false"}`, values: `${v}x${Math.ceil(budget / 60) + 2}` });
    const late = `${Math.ceil(budget / 60) + 1}m`;
    const result = unitTest(dir, file, "stuck", [
      {
        input_series: [created, notReady(1)],
        alert_rule_test: [
          { eval_time: "10m", alertname: "VllmStuckStarting", exp_alerts: [] },
          { eval_time: late, alertname: "VllmStuckStarting", exp_alerts: [{ exp_labels: { severity: "critical", model: "llama-3-1-8b" }, exp_annotations: annotations(rules, "VllmStuckStarting", "1") }] },
        ],
      },
      { input_series: [created, notReady(0)], alert_rule_test: [{ eval_time: late, alertname: "VllmStuckStarting", exp_alerts: [] }] },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });

  it("GpuMemoryNearlyFull fires above 98% of VRAM and stays silent at vLLM's 90% pre-allocation", () => {
    const dir = tempDir();
    const { file } = rulesFile(dir);
    const gpu = (used: number, free: number) => [
      { series: 'DCGM_FI_DEV_FB_USED{gpu="0",Hostname="node-1"}', values: `${used}x20` },
      { series: 'DCGM_FI_DEV_FB_FREE{gpu="0",Hostname="node-1"}', values: `${free}x20` },
    ];
    const result = unitTest(dir, file, "gpu", [
      {
        input_series: gpu(990, 10),
        alert_rule_test: [
          {
            eval_time: "12m",
            alertname: "GpuMemoryNearlyFull",
            exp_alerts: [
              {
                exp_labels: { severity: "warning", gpu: "0", Hostname: "node-1" },
                exp_annotations: {
                  summary: "GPU framebuffer above 98% on node-1 GPU 0",
                  description: "VRAM is 99% used, above what vLLM pre-allocates (gpu-memory-utilization). Another process shares the GPU or vLLM is about to fail allocations.",
                },
              },
            ],
          },
        ],
      },
      { input_series: gpu(900, 100), alert_rule_test: [{ eval_time: "12m", alertname: "GpuMemoryNearlyFull", exp_alerts: [] }] },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });
});

describe.skipIf(!PROMTOOL)(`every PromQL expression parses${PROMTOOL ? "" : ` — ${PROMTOOL_SKIP}`}`, () => {
  it("alerts, dashboards and KEDA trigger queries of the example and variant matrices parse under promtool", () => {
    const docs = [...render(loadMatrix(EXAMPLE_CLUSTERS)).docs, ...render(loadMatrix(VARIANT_CLUSTERS)).docs];
    const found = promqlExpressions(docs);
    const where = new Set(found.map((e) => (e.path.startsWith("dashboards/") ? "dashboard" : e.at.split(".")[0])));
    expect([...where].sort()).toEqual(["dashboard", "data[vllm-overview", "spec"]);
    expect(found.some((e) => e.at.includes("triggers"))).toBe(true);
    const exprs = [...new Set(found.map((e) => e.expr))];
    expect(exprs.length).toBeGreaterThanOrEqual(20);
    const dir = tempDir();
    const file = path.join(dir, "exprs.yaml");
    // promtool 2.42 has no standalone PromQL check: wrap each expression as a recording rule.
    writeFileSync(file, stringify({ groups: [{ name: "all", rules: exprs.map((expr, i) => ({ record: `llm_gitops:expr_${i}`, expr })) }] }));
    const result = promtool("check", "rules", file);
    expect(result.output).toMatch(new RegExp(`SUCCESS: ${exprs.length} rules found`));
  });

  it("the SigNoz collector's Prometheus receiver is a valid Prometheus scrape config (promtool check config)", () => {
    const doc = render(loadMatrix(VARIANT_CLUSTERS)).docs.find((d) => d.path === "apps/signoz/manifests/signoz-scrape/configmap-vllm-prometheus-receiver.yaml");
    const receiver = parse((doc!.data as any).data["receiver.yaml"]).receivers["prometheus/llm-gitops"].config;
    expect(receiver.scrape_configs.map((j: any) => j.job_name)).toEqual(["vllm", "dcgm-exporter", "istio-gateway"]);
    for (const job of receiver.scrape_configs) expect(job.kubernetes_sd_configs).toEqual([{ role: "pod", namespaces: { names: [expect.any(String)] } }]);
    // Debian's promtool is built without Kubernetes service discovery: check everything else with a static target.
    const checkable = { scrape_configs: receiver.scrape_configs.map(({ kubernetes_sd_configs: _, ...job }: any) => ({ ...job, static_configs: [{ targets: ["127.0.0.1:8080"] }] })) };
    const file = path.join(tempDir(), "prometheus.yml");
    writeFileSync(file, stringify(checkable));
    const result = promtool("check", "config", file);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });
});

describe.skipIf(!PROMTOOL)(`scale-from-zero alerts under promtool${PROMTOOL ? "" : ` — ${PROMTOOL_SKIP}`}`, () => {
  it("VllmScaleFromZeroFailures fires on authorised gateway 503s (no healthy upstream) to the model and stays silent for other services, flags and codes", () => {
    const dir = tempDir();
    const { file, rules } = rulesFile(dir);
    const gw = (service: string, code: string, values: string, flags = "UH") => ({
      series: `istio_requests_total{reporter="source",destination_service_name="${service}",destination_service_namespace="vllm",response_code="${code}",response_flags="${flags}"}`,
      values,
    });
    const result = unitTest(dir, file, "zero", [
      {
        input_series: [gw("vllm-llama-3-1-8b", "503", "0 0 0 1 2 3 3 3 3 3 3 3"), gw("vllm-llama-3-1-8b", "503", "0+4x12", "UF")],
        alert_rule_test: [
          { eval_time: "2m", alertname: "VllmScaleFromZeroFailures", exp_alerts: [] },
          { eval_time: "6m", alertname: "VllmScaleFromZeroFailures", exp_alerts: [{ exp_labels: { severity: "warning", model: "llama-3-1-8b" }, exp_annotations: annotations(rules, "VllmScaleFromZeroFailures", "3") }] },
        ],
      },
      {
        input_series: [gw("vllm-other", "503", "0+1x12"), gw("vllm-llama-3-1-8b", "200", "0+5x12", "-"), gw("vllm-llama-3-1-8b", "503", "0+1x12", "URX")],
        alert_rule_test: [{ eval_time: "10m", alertname: "VllmScaleFromZeroFailures", exp_alerts: [] }],
      },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });
});

describe.skipIf(!PROMTOOL)(`HTTP add-on alert under promtool${PROMTOOL ? "" : ` — ${PROMTOOL_SKIP}`}`, () => {
  it("KedaInterceptorRequestFailures fires on 504s from the interceptor and stays silent on 200s", () => {
    const doc = render(loadMatrix(VARIANT_CLUSTERS)).docs.find((d) => d.path === "apps/http-addon/manifests/vllm/prometheusrule-vllm.yaml");
    const dir = tempDir();
    const file = path.join(dir, "rules.yaml");
    writeFileSync(file, stringify((doc!.data as any).spec));
    const series = (code: string, values: string) => ({
      series: `istio_requests_total{reporter="source",destination_service_name="keda-add-ons-http-interceptor-proxy",destination_service_namespace="keda",response_code="${code}"}`,
      values,
    });
    const result = unitTest(dir, file, "interceptor", [
      { input_series: [series("504", "0 0 1 1 1 1 1 1")], alert_rule_test: [{ eval_time: "5m", alertname: "KedaInterceptorRequestFailures", exp_alerts: [{ exp_labels: { severity: "warning" }, exp_annotations: { summary: "Requests through the KEDA HTTP interceptor failed", description: "1 requests got 502/503/504 from the interceptor in 10 minutes: a cold start took longer than the route's readiness timeout, or the interceptor is unhealthy." } }] }] },
      { input_series: [series("200", "0+10x8")], alert_rule_test: [{ eval_time: "5m", alertname: "KedaInterceptorRequestFailures", exp_alerts: [] }] },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });
});
