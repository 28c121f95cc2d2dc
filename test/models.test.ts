/** Models in the matrix: fit check, scaling bounds and version-dependent metric names. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { vllmMetrics } from "../generator/catalog/vllm.js";
import { loadMatrix } from "../generator/matrix/load.js";
import { render } from "../generator/render/render.js";
import { cli, exampleClusters, tempDir, treeHash } from "./helpers.js";

function rejected(mutate: (dev: string) => string, ...expected: RegExp[]) {
  const clusters = exampleClusters();
  const file = path.join(clusters, "dev.yaml");
  const text = readFileSync(file, "utf8");
  const next = mutate(text);
  expect(next).not.toBe(text);
  writeFileSync(file, next);
  const out = tempDir();
  const before = treeHash(out);
  const result = cli("generate", "--clusters", clusters, "--out", out);
  expect(result.code, result.err).toBe(2);
  for (const e of expected) expect(result.err).toMatch(e);
  expect(treeHash(out)).toBe(before);
}

describe("models", () => {
  it("refuses a model that does not fit, saying how much is missing and which max context would fit", () => {
    rejected(
      (t) => t.replace("maxModelLen: 8192", "maxModelLen: 131072"),
      /dev\.yaml:\d+:18: models\[0\] llama-3\.1-8b-awq-int4 does not fit on rtx5000-28: needs 21\.4 GiB \(weights 5\.4 \+ KV cache 16\.0 for 131072 tokens\) but 14\.4 GiB is usable \(16 GiB x 1 GPU x 0\.9\); 7\.0 GiB missing; a maxModelLen of at most 73728 would fit/,
    );
  });

  it("refuses a model whose weights alone exceed the GPU", () => {
    rejected((t) => t.replace("model: llama-3.1-8b-awq-int4", "model: llama-3.1-70b-awq-int4"), /does not fit on rtx5000-28.*not even the weights fit/);
  });

  it("refuses an unknown model, with a suggestion", () => {
    rejected((t) => t.replace("model: llama-3.1-8b-awq-int4", "model: llama-3.1-8b-awq"), /models\[0\]\.model: unknown value 'llama-3\.1-8b-awq'.*Did you mean 'llama-3\.1-8b-awq-int4'\?/);
  });

  it("refuses max < min replicas", () => {
    rejected((t) => t.replace("minReplicas: 0", "minReplicas: 3"), /models\[0\]\.scaling: minReplicas \(3\) is greater than maxReplicas \(2\)/);
  });

  it("refuses a threshold <= 0", () => {
    rejected((t) => t.replace("queueThreshold: 5", "queueThreshold: 0"), /models\[0\]\.scaling\.queueThreshold must be > 0/);
  });

  it("refuses more than one replica on a shared ReadWriteOnce cache (a second GPU node cannot mount it)", () => {
    rejected(
      (t) => t.replace("    cache:\n      volume: per-replica\n", ""),
      /dev\.yaml:\d+:20: models\[0\]\.scaling\.maxReplicas is 2 but the model cache is one ReadWriteOnce volume.*cache\.volume: per-replica/,
    );
  });

  it("refuses an unknown vLLM version", () => {
    rejected((t) => t.replace("vllmVersion: v0.21.0", "vllmVersion: v0.99.0"), /models\[0\]\.vllmVersion: unknown value 'v0\.99\.0'/);
  });

  it("refuses an unknown scaling mode, listing the four it has", () => {
    rejected((t) => t.replace("mode: none", "mode: cron"), /models\[0\]\.scaling\.mode: unknown value 'cron'.*Allowed: none, warm, http-addon, schedule$/m);
  });

  it("uses the metric names of the configured vLLM version", () => {
    expect(vllmMetrics("v0.21.0").kvCacheUsage).toBe("vllm:kv_cache_usage_perc");
    expect(vllmMetrics("v0.8.5").kvCacheUsage).toBe("vllm:gpu_cache_usage_perc");
    expect(vllmMetrics("v0.10.2").interTokenBucket).toBe("vllm:time_per_output_token_seconds_bucket");
    expect(vllmMetrics("v0.11.0").interTokenBucket).toBe("vllm:inter_token_latency_seconds_bucket");
    expect(vllmMetrics("v0.21.0").requestSuccess).toBe("vllm:request_success_total");
  });

  it("GIVEN dev on v0.8.5 WHEN rendering THEN the KV cache alert uses gpu_cache_usage_perc", () => {
    const clusters = exampleClusters();
    const file = path.join(clusters, "dev.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("vllmVersion: v0.21.0", "vllmVersion: v0.8.5"));
    const rule = render(loadMatrix(clusters)).files.find((f) => f.path === "apps/dev/manifests/vllm/prometheusrule-vllm.yaml")!;
    expect(rule.content).toContain("vllm:gpu_cache_usage_perc{");
    expect(rule.content).not.toContain("vllm:kv_cache_usage_perc");
  });
});

describe("dev matches the seed article point by point", () => {
  const files = () => Object.fromEntries(render(loadMatrix(path.resolve(__dirname, "..", "clusters"))).docs.map((d) => [d.path, d.data as any]));

  it("ScaledObject: min 0, max 2, cooldown 300, polling 30, waiting-requests trigger with threshold '5'", () => {
    const so = files()["apps/dev/manifests/vllm-scaling/scaledobject-vllm-llama-3-1-8b-scaler.yaml"];
    expect(so.spec).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 2, cooldownPeriod: 300, pollingInterval: 30 });
    expect(so.spec.triggers[0]).toMatchObject({ type: "prometheus", metadata: { query: 'sum(vllm:num_requests_waiting{namespace="vllm",model_name="llama-3-1-8b"})', threshold: "5" } });
  });

  it("Deployment: vLLM v0.21.0, port 8080, no replicas, no --quantization awq, progressDeadlineSeconds 3600, startup budget >= 600 s", () => {
    const d = files()["apps/dev/manifests/vllm/deployment-vllm-llama-3-1-8b.yaml"];
    const c = d.spec.template.spec.containers[0];
    expect(d.spec.replicas).toBeUndefined();
    expect(d.spec.progressDeadlineSeconds).toBe(3600);
    expect(c.image).toBe("vllm/vllm-openai:v0.21.0");
    expect(c.args).toContain("--port=8080");
    expect(c.args.join(" ")).not.toMatch(/--quantization/);
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(600);
    expect(JSON.stringify(c.env)).not.toMatch(/"value":"[^"]*(key|token)/i);
  });

  it("ServiceMonitor: port metrics, path /metrics, interval 15s", () => {
    const sm = files()["apps/dev/manifests/vllm/servicemonitor-vllm-llama-3-1-8b.yaml"];
    expect(sm.spec.endpoints).toEqual([{ port: "metrics", path: "/metrics", interval: "15s" }]);
  });

  it("alerts: VllmHighTTFT (p95 > 5 s, 2m) and VllmKvCacheHigh (> 0.9, 5m) with the v0.21 metric name", () => {
    const rules = files()["apps/dev/manifests/vllm/prometheusrule-vllm.yaml"].spec.groups[0].rules;
    expect(rules[0]).toMatchObject({ alert: "VllmHighTTFT", for: "2m", labels: { severity: "warning" } });
    expect(rules[0].expr).toMatch(/^histogram_quantile\(0\.95, .*vllm:time_to_first_token_seconds_bucket.*\) > 5$/);
    expect(rules[1]).toMatchObject({ alert: "VllmKvCacheHigh", for: "5m", expr: 'vllm:kv_cache_usage_perc{namespace="vllm",model_name="llama-3-1-8b"} > 0.9' });
  });
});
