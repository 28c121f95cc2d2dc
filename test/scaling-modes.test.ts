/**
 * Scaling modes (none, warm, http-addon, schedule), both observability backends and the dashboard: golden trees for
 * the variant matrix, and focused checks of what each mode renders.
 */
import { describe, expect, it } from "vitest";
import { loadMatrix } from "../generator/matrix/load.js";
import type { RenderedDoc } from "../generator/render/output-file.js";
import { render } from "../generator/render/render.js";
import { validateTree } from "../generator/validate/validate-tree.js";
import { EXAMPLE_CLUSTERS, SHARED, SKIP_REASON, VARIANT_CLUSTERS, cli, fullChecks, tempDir } from "./helpers.js";

const variants = () => render(loadMatrix(VARIANT_CLUSTERS));
const example = () => render(loadMatrix(EXAMPLE_CLUSTERS));
const doc = (docs: readonly RenderedDoc[], p: string): any => {
  const d = docs.find((x) => x.path === p);
  if (!d) throw new Error(`not rendered: ${p}\n${docs.map((x) => x.path).join("\n")}`);
  return d.data;
};
const SO = (cluster: string) => `apps/${cluster}/manifests/vllm/scaledobject-vllm-llama-3-1-8b-scaler.yaml`;

describe("variant matrix (test/fixtures/variants: http-addon, schedule, signoz)", () => {
  it("renders the same tree as the golden snapshot", () => {
    const { files } = variants();
    expect(Object.fromEntries(files.map((f) => [f.path, f.content]))).toMatchSnapshot();
  });

  it.skipIf(!SHARED)(`validates strictly with no findings${SHARED ? "" : ` — ${SKIP_REASON}`}`, () => {
    const result = cli("generate", "--clusters", VARIANT_CLUSTERS, "--out", tempDir(), ...fullChecks());
    // The schedule variant's holiday calendar ends 2027-11-30: from October 2027 on, generate rightly warns about it.
    expect(result.err.split("\n").filter((l) => l && !/^warning: .*holiday calendar/.test(l))).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe("scaling mode none (the seed's default)", () => {
  it("keeps the seed's ScaledObject and adds activation-only triggers that keep the model up while it serves, starts or had traffic", () => {
    const so = doc(example().docs, SO("dev"));
    expect(so.spec).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 2, cooldownPeriod: 300, pollingInterval: 30 });
    // initialCooldownPeriod only counts from the ScaledObject's creation: not used.
    expect(so.spec.initialCooldownPeriod).toBeUndefined();
    const byName = Object.fromEntries(so.spec.triggers.map((t: any) => [t.name, t.metadata]));
    expect(Object.keys(byName)).toEqual(["queue", "in-flight", "starting", "recent-traffic"]);
    expect(byName["queue"]).toMatchObject({ query: 'sum(vllm:num_requests_waiting{namespace="vllm",model_name="llama-3-1-8b"})', threshold: "5" });
    expect(byName["in-flight"]).toMatchObject({ query: 'sum(vllm:num_requests_running{namespace="vllm",model_name="llama-3-1-8b"})', threshold: "1000000", activationThreshold: "0" });
    // Every authorised request (not the edge's 401/403) within the last first cold start keeps a woken replica up.
    expect(byName["recent-traffic"].query).toBe(
      'sum(increase(istio_requests_total{reporter="source",destination_service_name="vllm-llama-3-1-8b",destination_service_namespace="vllm",response_code!~"401|403"}[1440s]))',
    );
    expect(byName["starting"].query).toContain('kube_pod_status_ready{namespace="vllm",pod=~"vllm-llama-3-1-8b-[0-9]+",condition="false"} == 1');
    for (const t of ["in-flight", "starting", "recent-traffic"]) expect(byName[t]).toMatchObject({ threshold: "1000000", activationThreshold: "0" });
  });

  it("warm mode has only the queue trigger (its minimum never scales to zero)", () => {
    expect(doc(example().docs, SO("prod")).spec.triggers.map((t: any) => t.name)).toEqual(["queue"]);
  });

  it("says in the generate output that the first request after idle gets 503", () => {
    const result = cli("generate", "--clusters", EXAMPLE_CLUSTERS, "--out", tempDir());
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/dev\/llama-3-1-8b: scaling none, 0\.\.2 replicas on rtx5000-28 \(€0\.36\/h per node; nothing while idle;.*first request after idle gets 503/);
    expect(result.out).toMatch(/prod\/llama-3-1-8b: scaling warm, 1\.\.4 replicas.*baseline 730 node-h\/month ≈ €1022/);
  });
});

describe("scaling mode http-addon", () => {
  it("renders an InterceptorRoute and an external-push trigger in the model's own ScaledObject, never an HTTPScaledObject", () => {
    const { docs } = variants();
    const route = doc(docs, "apps/http-addon/manifests/vllm/interceptorroute-vllm-llama-3-1-8b.yaml");
    expect(route.apiVersion).toBe("http.keda.sh/v1beta1");
    expect(route.spec.target).toEqual({ service: "vllm-llama-3-1-8b", portName: "http" });
    // Host and the API path only: anything else gets the interceptor's 404, is never held and never wakes the model.
    expect(route.spec.rules).toEqual([{ hosts: ["llama-3-1-8b.staging.llm.example.com"], paths: [{ value: "/v1/" }] }]);
    expect(route.metadata.annotations["argocd.argoproj.io/sync-wave"]).toBe("-1");
    const push = doc(docs, SO("http-addon")).spec.triggers.find((t: any) => t.type === "external-push");
    expect(push.metadata).toEqual({ scalerAddress: "keda-add-ons-http-external-scaler.keda:9090", interceptorRoute: route.metadata.name });
    expect(docs.some((d) => (d.data as any)?.kind === "HTTPScaledObject")).toBe(false);
  });

  it("gives the interceptor a readiness timeout that covers a first cold start from a GPU pool at zero, with margin", () => {
    const { docs } = variants();
    const route = doc(docs, "apps/http-addon/manifests/vllm/interceptorroute-vllm-llama-3-1-8b.yaml");
    const seconds = Number(route.spec.timeouts.readiness.replace(/s$/, ""));
    // node 600 + driver 240 + image 200 + download and cold engine: a first start of ~1,400 s, times 1.5.
    expect(seconds).toBe(2160);
    expect(doc(docs, "values/http-addon/keda-add-ons-http.yaml").interceptor.readinessTimeout).toBe(`${seconds}s`);
    const httpRoute = doc(docs, "apps/http-addon/manifests/routes/httproute-vllm-vllm-llama-3-1-8b.yaml");
    expect(httpRoute.spec.rules[0].timeouts).toEqual({ request: `${seconds + 600}s`, backendRequest: `${seconds + 600}s` });
    const app = doc(docs, "apps/http-addon/applications/keda-add-ons-http.yaml");
    expect(app.metadata.annotations["argocd.argoproj.io/sync-wave"]).toBe("61");
    expect(app.spec.sources[0]).toMatchObject({ chart: "keda-add-ons-http", targetRevision: "0.15.0" });
  });

  it("is not rendered for clusters without an http-addon model", () => {
    expect(example().docs.some((d) => d.path.includes("keda-add-ons-http"))).toBe(false);
  });
});

describe("scaling mode schedule (Vienna business hours, Austrian public holidays)", () => {
  const crons = () => doc(variants().docs, SO("schedule")).spec.triggers.filter((t: any) => t.type === "cron");
  const month = (m: number) => crons().find((t: any) => t.metadata.start.split(" ")[3] === String(m));
  const days = (m: number) => month(m).metadata.start.split(" ")[2].split(",").map(Number);

  it("has one cron trigger per month of the 12-month horizon, each in Europe/Vienna", () => {
    const all = crons();
    expect(all).toHaveLength(12);
    expect(new Set(all.map((t: any) => t.metadata.start.split(" ")[3])).size).toBe(12);
    for (const t of all) expect(t.metadata).toMatchObject({ timezone: "Europe/Vienna", desiredReplicas: "1" });
  });

  it("warms up one cold start from a pool at zero, with margin (1,222 s x 1.5 = 31 min), before 08:00 and ends at 18:00", () => {
    expect(month(12).metadata.start).toMatch(/^29 7 /);
    expect(month(12).metadata.end).toMatch(/^0 18 /);
  });

  it("excludes public holidays and weekends: 8 and 25 Dec 2026, 1 and 6 Jan 2027, Easter Monday 29 Mar 2027", () => {
    expect(days(12)).not.toContain(8);
    expect(days(12)).not.toContain(25);
    expect(days(12)).toContain(9);
    expect(days(12)).not.toContain(5); // Saturday
    expect(days(1)).not.toContain(1);
    expect(days(1)).not.toContain(6);
    expect(days(3)).not.toContain(29);
    expect(days(3)).toContain(30);
  });

  it("GIVEN the horizon ends 2027-11-30 WHEN validating close to or after it THEN validation warns, and not before", () => {
    const docs = variants().docs;
    expect(doc(docs, SO("schedule")).metadata.annotations["llm-gitops.io/holidays-horizon-end"]).toBe("2027-11-30");
    expect(validateTree(docs, { now: new Date("2027-03-01T00:00:00Z") }).warnings).toEqual([]);
    expect(validateTree(docs, { now: new Date("2027-10-20T00:00:00Z") }).warnings).toEqual([expect.stringMatching(/holiday calendar runs out on 2027-11-30 \(in 41 days\)/)]);
    expect(validateTree(docs, { now: new Date("2027-12-02T00:00:00Z") }).warnings).toEqual([expect.stringMatching(/holiday calendar ran out on 2027-11-30/)]);
  });
});

describe("observability backend signoz", () => {
  it("renders no kube-prometheus-stack, ServiceMonitor, PrometheusRule or dashboard ConfigMap", () => {
    const paths = variants().docs.map((d) => d.path).filter((p) => p.startsWith("apps/signoz/") || p.startsWith("values/signoz/"));
    expect(paths.filter((p) => /kube-prometheus-stack|servicemonitor|prometheusrule|configmap-vllm-overview/.test(p))).toEqual([]);
  });

  it("points KEDA at the SigNoz query endpoint from the matrix and lets the collector discover the pods it scrapes", () => {
    const { docs } = variants();
    for (const t of doc(docs, SO("signoz")).spec.triggers) expect(t.metadata.serverAddress).toBe("http://signoz-query-service.signoz.svc.cluster.local:8080/api/v1/prometheus");
    const binding = doc(docs, "apps/signoz/manifests/signoz-scrape/rolebinding-vllm-otel-collector-pod-discovery.yaml");
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "signoz-otel-collector", namespace: "signoz" }]);
  });
});

describe("dashboard vllm-overview", () => {
  it("has the seed's five panels (plus replicas and finished requests), a datasource variable and namespace/model filters", () => {
    const dash = doc(example().docs, "dashboards/dev/vllm-overview.json");
    expect(dash.uid).toBe("vllm-overview");
    // The seed's five first, then replicas and finished requests.
    expect(dash.panels.map((p: any) => p.title)).toEqual(["Request queue", "Time to first token (p50 / p95 / p99)", "Tokens per second", "KV cache usage", "GPU utilisation and VRAM", "Replicas (KEDA)", "Finished requests per second"]);
    expect(dash.templating.list.map((v: any) => [v.type, v.name])).toEqual([["datasource", "datasource"], ["query", "namespace"], ["query", "model"]]);
    const exprs = dash.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr)).join("\n");
    for (const m of ["vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:time_to_first_token_seconds_bucket", "vllm:generation_tokens_total", "vllm:kv_cache_usage_perc", "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE"]) expect(exprs).toContain(m);
    expect(exprs).not.toContain("gpu_cache_usage_perc");
    for (const q of ["0.5", "0.95", "0.99"]) expect(exprs).toContain(`histogram_quantile(${q},`);
    for (const p of dash.panels) expect(p.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
  });

  it("is provisioned by a ConfigMap the Grafana sidecar picks up, with the same dashboard", () => {
    const { docs } = example();
    const cm = doc(docs, "apps/dev/manifests/vllm/configmap-vllm-overview-dashboard.yaml");
    expect(cm.metadata.labels.grafana_dashboard).toBe("1");
    const { __generated, ...file } = doc(docs, "dashboards/dev/vllm-overview.json");
    expect(__generated).toMatch(/^Generated by llm-gitops/);
    expect(JSON.parse(cm.data["vllm-overview.json"])).toEqual(file);
  });
});

describe("PromQL check (lezer-promql grammar + metric names of the cluster's vLLM version)", () => {
  const planted = (mutate: (docs: RenderedDoc[]) => void) => {
    const docs = example().docs.map((d) => ({ ...d, data: structuredClone(d.data) }));
    mutate(docs);
    return validateTree(docs, {}).findings.filter((f) => f.check === "promql");
  };

  it("passes the example tree", () => {
    expect(planted(() => {})).toEqual([]);
  });

  it("catches the seed's gpu_cache_usage_perc on vLLM v0.21.0 (removed in v0.12)", () => {
    const findings = planted((docs) => {
      const rule = doc(docs, "apps/dev/manifests/vllm/prometheusrule-vllm.yaml");
      rule.spec.groups[0].rules[1].expr = 'vllm:gpu_cache_usage_perc{namespace="vllm"} > 0.9';
    });
    expect(findings).toEqual([expect.objectContaining({ path: "apps/dev/manifests/vllm/prometheusrule-vllm.yaml", message: expect.stringMatching(/spec\.groups\[0\]\.rules\[1\]\.expr: vllm:gpu_cache_usage_perc: not exported by vLLM v0\.21\.0/) })]);
  });

  it("catches the seed's non-existent num_requests_finished in a dashboard and a syntax error in a KEDA query", () => {
    const findings = planted((docs) => {
      doc(docs, "dashboards/dev/vllm-overview.json").panels[2].targets[0].expr = "rate(vllm:num_requests_finished[1m])";
      doc(docs, SO("dev")).spec.triggers[0].metadata.query = 'sum(vllm:num_requests_waiting{namespace="vllm"}';
    });
    expect(findings.map((f) => `${f.path}: ${f.message}`).sort()).toEqual([
      expect.stringMatching(/^apps\/dev\/manifests\/vllm\/scaledobject-.*: spec\.triggers\[0\]\.metadata\.query: PromQL does not parse at column 48/),
      expect.stringMatching(/^dashboards\/dev\/vllm-overview\.json: panels\[2\]\.targets\[0\]\.expr: vllm:num_requests_finished: not a vLLM metric/),
    ]);
  });
});

describe("model cache volume", () => {
  it("per-replica (dev, up to 2 replicas): one persistent volume per StatefulSet ordinal, kept when scaled to zero, no shared PVC", () => {
    const { docs } = example();
    const sts = doc(docs, "apps/dev/manifests/vllm/statefulset-vllm-llama-3-1-8b.yaml");
    expect(sts.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: "cache", labels: expect.any(Object) }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "csi-cinder-high-speed", resources: { requests: { storage: "21Gi" } } } },
    ]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenScaled: "Retain", whenDeleted: "Delete" });
    const env = Object.fromEntries(sts.spec.template.spec.containers[0].env.filter((e: any) => e.value).map((e: any) => [e.name, e.value]));
    // Weights and vLLM's compile cache both on the volume: a warm restart skips the download and most compilation.
    expect(env).toMatchObject({ HF_HOME: "/data/huggingface", VLLM_CACHE_ROOT: "/data/vllm" });
    expect(docs.some((d) => d.path.startsWith("apps/dev/") && (d.data as any)?.kind === "PersistentVolumeClaim")).toBe(false);
  });

  it("shared (schedule variant, one replica): one ReadWriteOnce PVC that survives scale to zero", () => {
    const { docs } = variants();
    const pvc = doc(docs, "apps/schedule/manifests/vllm/persistentvolumeclaim-vllm-llama-3-1-8b-cache.yaml");
    expect(pvc.spec.accessModes).toEqual(["ReadWriteOnce"]);
    const sts = doc(docs, "apps/schedule/manifests/vllm/statefulset-vllm-llama-3-1-8b.yaml");
    expect(sts.spec.template.spec.volumes[0]).toEqual({ name: "cache", persistentVolumeClaim: { claimName: "vllm-llama-3-1-8b-cache" } });
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
  });
});
