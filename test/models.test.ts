/** Models in the matrix: fit check, scaling bounds and version-dependent metric names. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { vllmMetrics } from "../generator/catalog/vllm.js";
import { loadMatrix } from "../generator/matrix/load.js";
import { render } from "../generator/render/render.js";
import { VARIANT_CLUSTERS, cli, exampleClusters, exampleWith, tempDir, treeHash } from "./helpers.js";

function rejected(mutate: (dev: string) => string, ...expected: RegExp[]) {
  const clusters = exampleWith(mutate);
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
    rejected((t) => t.replace("model: llama-3.1-8b-awq-int4", "model: llama-3.1-70b-awq-int4"), /does not fit on rtx5000-28.*not even the weights and a 256-token context fit/);
  });

  it("refuses an unknown model, with a suggestion", () => {
    rejected((t) => t.replace("model: llama-3.1-8b-awq-int4", "model: llama-3.1-8b-awq"), /dev\.yaml:\d+:12: models\[0\]\.model: unknown catalogue model 'llama-3\.1-8b-awq'.*Did you mean 'llama-3\.1-8b-awq-int4'\?.*or name any Hugging Face repo/);
  });

  it("refuses max < min replicas", () => {
    rejected((t) => t.replace("minReplicas: 0", "minReplicas: 3"), /models\[0\]\.scaling: minReplicas \(3\) is greater than maxReplicas \(2\)/);
  });

  it("refuses a threshold <= 0", () => {
    rejected((t) => t.replace("queueThreshold: 5", "queueThreshold: 0"), /models\[0\]\.scaling\.queueThreshold must be > 0/);
  });

  it("refuses more than one replica on a shared ReadWriteOnce cache (a second GPU node cannot mount it)", () => {
    rejected(
      (t) => t.replace("volume: per-replica", "volume: shared"),
      /dev\.yaml:\d+:20: models\[0\]\.scaling\.maxReplicas is 2 but the model cache is one ReadWriteOnce volume.*cache\.volume: per-replica/,
    );
  });

  it("refuses mode warm with an explicit minReplicas 0 instead of rewriting it to 1", () => {
    rejected((t) => t.replace("mode: none", "mode: warm"), /dev\.yaml:\d+:20: models\[0\]\.scaling: mode warm keeps at least one replica up, but minReplicas is 0/);
  });

  it("refuses a Hugging Face repo without its geometry, and geometry on a catalogue model", () => {
    rejected((t) => t.replace("model: llama-3.1-8b-awq-int4", "model: Qwen/Qwen3-14B"), /models\[0\]\.model Qwen\/Qwen3-14B is not in the catalogue: give its geometry/);
    rejected(
      (t) => t.replace("    vllmVersion: v0.21.0\n", "    vllmVersion: v0.21.0\n    geometry: {weightsGiB: 5, layers: 32, kvHeads: 8, headDim: 128, maxContext: 8192, dtype: float16}\n"),
      /models\[0\]\.geometry is only used with a Hugging Face repo id/,
    );
  });

  it("refuses a GPU flavour outside the regions OVH lists it in", () => {
    const clusters = exampleClusters();
    const file = path.join(clusters, "dev.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("region: GRA11", "region: SBG5").replace("flavor: rtx5000-28", "flavor: l4-90"));
    const r = cli("generate", "--clusters", clusters, "--out", tempDir());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/dev\.yaml:\d+:13: nodePools\.gpu\.flavor l4-90 is not offered for MKS in SBG5: OVH lists it in GRA11 only/);
  });

  it("refuses Volta flavours against the pinned driver branch, FP8 checkpoints below sm80", () => {
    rejected((t) => t.replace("flavor: rtx5000-28", "flavor: t2-45"), /t2-45 has a Tesla V100S \(Volta, sm70\): the pinned gpu-operator installs the R595 driver, and R580 is the last branch that supports Volta/);
    rejected(
      (t) =>
        t.replace("model: llama-3.1-8b-awq-int4", "model: RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8\n    geometry: {weightsGiB: 8.5, layers: 32, kvHeads: 8, headDim: 128, maxContext: 131072, dtype: bfloat16, quantization: fp8}"),
      /is an FP8 checkpoint: Quadro RTX 5000 \(Turing, sm75\) has no FP8 path in vLLM/,
    );
  });

  it("refuses a YAML alias bomb with a located error and exit 2, not a stack trace", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    rejected((t) => `${t}\n${bomb}\n`, /dev\.yaml:\d+:\d+: YAML aliases expand too far .*write the values out/);
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

describe("models given by settings defaults and geometry", () => {
  const files = (dir: string) => Object.fromEntries(render(loadMatrix(dir)).docs.map((d) => [d.path, d.data as any]));

  it("GIVEN modelDefaults and an entry of only name + model WHEN rendering THEN every setting has its default and the longest context that fits", () => {
    const clusters = exampleClusters();
    const file = path.join(clusters, "dev.yaml");
    const text = readFileSync(file, "utf8");
    const models = text.slice(text.indexOf("models:"), text.indexOf("auth:"));
    writeFileSync(file, text.replace(models, "modelDefaults:\n  scaling:\n    cooldownPeriod: 900\nmodels:\n  - name: small\n    model: qwen2.5-7b-instruct-awq\n"));
    const f = files(clusters);
    const sts = f["apps/dev/manifests/vllm/statefulset-vllm-small.yaml"];
    const so = f["apps/dev/manifests/vllm/scaledobject-vllm-small-scaler.yaml"];
    expect(so.spec).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 1, cooldownPeriod: 900, pollingInterval: 30 });
    // 14.4 GiB usable - 5.2 GiB weights at 56 KiB per token, capped at the model's 32768-token context.
    expect(sts.spec.template.spec.containers[0].args).toContain("--max-model-len=32768");
  });

  it("GIVEN a Hugging Face repo with bf16 weights on Turing WHEN rendering THEN vLLM runs it as float16 and the README says why", () => {
    const tree = Object.fromEntries(render(loadMatrix(VARIANT_CLUSTERS)).files.map((x) => [x.path, x.content]));
    const sts = render(loadMatrix(VARIANT_CLUSTERS)).docs.find((d) => d.path === "apps/jwt/manifests/vllm/statefulset-vllm-qwen3-4b.yaml")!.data as any;
    const args: string[] = sts.spec.template.spec.containers[0].args;
    expect(args[0]).toBe("Qwen/Qwen3-4B");
    expect(args).toContain("--dtype=half");
    expect(tree["apps/jwt/README.md"]).toMatch(/Qwen\/Qwen3-4B is bfloat16, which Quadro RTX 5000 \(Turing, sm75\) cannot compute: vLLM runs it in float16 \(--dtype=half\)/);
  });
});

describe("dev matches the seed article point by point", () => {
  const files = () => Object.fromEntries(render(loadMatrix(path.resolve(__dirname, "..", "clusters"))).docs.map((d) => [d.path, d.data as any]));

  it("ScaledObject: min 0, max 2, cooldown 300, polling 30, waiting-requests trigger with threshold '5'", () => {
    const so = files()["apps/dev/manifests/vllm/scaledobject-vllm-llama-3-1-8b-scaler.yaml"];
    expect(so.spec).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 2, cooldownPeriod: 300, pollingInterval: 30 });
    expect(so.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "StatefulSet", name: "vllm-llama-3-1-8b" });
    expect(so.spec.triggers[0]).toMatchObject({ type: "prometheus", metadata: { query: 'sum(vllm:num_requests_waiting{namespace="vllm",model_name="llama-3-1-8b"})', threshold: "5" } });
  });

  it("StatefulSet: vLLM v0.21.0, port 8080, created at 0 replicas, no --quantization awq, startup budget >= 600 s, drains on SIGTERM", () => {
    const d = files()["apps/dev/manifests/vllm/statefulset-vllm-llama-3-1-8b.yaml"];
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(d.spec.replicas).toBe(0);
    expect(d.spec.podManagementPolicy).toBe("Parallel");
    expect(c.image).toBe("vllm/vllm-openai:v0.21.0");
    expect(c.args).toContain("--port=8080");
    expect(c.args.join(" ")).not.toMatch(/--quantization/);
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(600);
    expect(JSON.stringify(c.env)).not.toMatch(/"value":"[^"]*(key|token)/i);
    // In-flight requests finish: grace >= preStop + --shutdown-timeout >= the longest generation the route allows (600 s).
    const shutdown = Number(c.args.find((a: string) => a.startsWith("--shutdown-timeout=")).split("=")[1]);
    expect(shutdown).toBeGreaterThanOrEqual(600);
    expect(c.lifecycle.preStop.exec.command).toEqual(["sleep", "10"]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(10 + shutdown);
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
