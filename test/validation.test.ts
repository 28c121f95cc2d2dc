/**
 * Planted faults in rendered objects: each validation layer must catch its kind of mistake before a cluster does.
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMatrix } from "../generator/matrix/load.js";
import type { RenderedDoc } from "../generator/render/output-file.js";
import { render } from "../generator/render/render.js";
import { runKubeconform } from "../generator/validate/kubeconform.js";
import { validateTree } from "../generator/validate/validate-tree.js";
import { checkValues } from "../generator/validate/check-values.js";
import { kubeDocs } from "../generator/validate/kube-docs.js";
import { stringify } from "yaml";
import { compileCached } from "../generator/validate/schema-catalog.js";
import { CHART_CACHE, EXAMPLE_CLUSTERS, SCHEMAS, SHARED, SKIP_REASON, cli, tempDir } from "./helpers.js";

const rendered = () => render(loadMatrix(EXAMPLE_CLUSTERS)).docs.map((d) => ({ ...d, data: structuredClone(d.data) }));
const find = (docs: RenderedDoc[], p: string) => {
  const doc = docs.find((d) => d.path === p);
  if (!doc) throw new Error(`no rendered doc ${p}`);
  return doc.data as Record<string, any>;
};

describe("validation (always available offline)", () => {
  it("the example tree has no findings", () => {
    expect(validateTree(rendered(), {}).findings).toEqual([]);
  });

  it("a wrong type is caught by @kubernetes-models", () => {
    const docs = rendered();
    find(docs, "apps/dev/applications/keda.yaml")["spec"].syncPolicy.retry.limit = "ten";
    const { findings } = validateTree(docs, {});
    expect(findings).toContainEqual(expect.objectContaining({ path: "apps/dev/applications/keda.yaml", check: "models" }));
  });

  it("a custom resource whose CRD comes from a later wave is caught", () => {
    const docs = rendered();
    const manifest = "apps/dev/manifests/cert-manager/servicemonitor-planted.yaml";
    docs.push({
      path: manifest,
      data: {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: "planted", namespace: "cert-manager", annotations: { "argocd.argoproj.io/sync-options": "SkipDryRunOnMissingResource=true" } },
        spec: { selector: {}, endpoints: [{ port: "metrics" }] },
      },
    });
    find(docs, "apps/dev/applications/cert-manager.yaml")["spec"].sources.push({
      repoURL: "https://github.com/example-org/llm-gitops.git",
      targetRevision: "main",
      path: "apps/dev/manifests/cert-manager",
    });
    const { findings } = validateTree(docs, {});
    expect(findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(/ServiceMonitor planted is synced by cert-manager in wave 30, but its CRD \(monitoring\.coreos\.com\) comes from kube-prometheus-stack in wave 40/),
    );
  });

  it("an Application in a later wave than a GPU workload is refused: nothing may wait on a model becoming Ready", () => {
    const docs = rendered();
    // The old order: vllm at 60, before keda (60 -> equal is fine) and routes (70).
    find(docs, "apps/dev/applications/vllm.yaml")["metadata"].annotations["argocd.argoproj.io/sync-wave"] = "55";
    const messages = validateTree(docs, {}).findings.filter((f) => f.check === "ordering" && f.message.includes("GPU workload")).map((f) => `${f.path}: ${f.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^apps\/dev\/applications\/keda\.yaml: Application keda \(wave 60\) waits on vllm \(wave 55\), which runs the GPU workload StatefulSet vllm-llama-3-1-8b/),
      expect.stringMatching(/^apps\/dev\/applications\/routes\.yaml: Application routes \(wave 70\) waits on vllm \(wave 55\)/),
    ]);
  });

  it("orders the monitoring CRDs before the GPU operator, whose DCGM ServiceMonitor needs them when it reconciles", () => {
    const wave = (app: string) => Number(find(rendered(), `apps/dev/applications/${app}.yaml`)["metadata"].annotations["argocd.argoproj.io/sync-wave"]);
    expect(wave("kube-prometheus-stack")).toBeLessThan(wave("gpu-operator"));
    expect(find(rendered(), "values/dev/gpu-operator.yaml")["dcgmExporter"].serviceMonitor.enabled).toBe(true);
  });

  it("a manifest no Application syncs is caught", () => {
    const docs = rendered();
    docs.push({ path: "apps/dev/manifests/nobody/configmap-x.yaml", data: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } } });
    expect(validateTree(docs, {}).findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/not synced by any Application/));
  });

  it("a $values file that does not exist is caught", () => {
    const docs = rendered();
    find(docs, "apps/prod/applications/keda.yaml")["spec"].sources[0].helm.valueFiles = ["$values/values/prod/kedaa.yaml"];
    expect(validateTree(docs, {}).findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/values file \$values\/values\/prod\/kedaa\.yaml does not exist/));
  });

  it("kubeconform, when on PATH, is run strict over the same catalog and its findings are reported", () => {
    const bin = tempDir();
    const log = path.join(bin, "args.log");
    const fake = path.join(bin, "kubeconform");
    writeFileSync(
      fake,
      `#!/bin/sh\necho "$@" > ${log}\necho '{"resources":[{"filename":"apps/dev/root.yaml","kind":"Application","name":"dev-root","status":"statusInvalid","msg":"planted"}]}'\nexit 1\n`,
    );
    chmodSync(fake, 0o755);
    const previous = process.env["PATH"];
    process.env["PATH"] = `${bin}${path.delimiter}${previous}`;
    try {
      const findings = runKubeconform(tempDir(), ["apps/dev/root.yaml"], "/catalog");
      expect(findings).toEqual([{ path: "apps/dev/root.yaml", check: "kubeconform", message: "Application dev-root: planted" }]);
      const args = readFileSync(log, "utf8");
      expect(args).toContain("-strict");
      expect(args).toContain("/catalog/kubernetes/{{.ResourceKind}}{{.KindSuffix}}.json");
      expect(args).toContain("/catalog/crds-pinned/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json");
    } finally {
      process.env["PATH"] = previous;
    }
  });

  // Values texts found clean are remembered per chart (check-values.ts): a chart cache of our own, two keda versions.
  const kedaValues = (docs: RenderedDoc[], cluster: string) => docs.find((d) => d.path === `values/${cluster}/keda.yaml`)!;
  const withTexts = (docs: RenderedDoc[]) => docs.map((d) => (d.path.startsWith("values/") ? { ...d, text: stringify(d.data) } : d));
  const kedaCache = (docs: RenderedDoc[], versions: Record<string, (defaults: Record<string, unknown>) => void>) => {
    const cache = tempDir();
    for (const [version, edit] of Object.entries(versions)) {
      const defaults = structuredClone(kedaValues(docs, "dev").data) as Record<string, unknown>;
      edit(defaults);
      mkdirSync(path.join(cache, "keda", version), { recursive: true });
      writeFileSync(path.join(cache, "keda", version, "values.yaml"), stringify(defaults));
    }
    return cache;
  };
  const kedaRevision = (docs: RenderedDoc[], cluster: string, version: string) => (find(docs, `apps/${cluster}/applications/keda.yaml`)["spec"].sources[0].targetRevision = version);
  const kedaFindings = (docs: RenderedDoc[], cache: string) => checkValues(kubeDocs(docs), docs, cache).findings.filter((f) => f.path.endsWith("/keda.yaml"));

  it("GIVEN a values text found clean against one chart version WHEN the same text meets a version without one of its keys THEN the key is caught", () => {
    const docs = withTexts(rendered());
    const key = Object.keys(kedaValues(docs, "dev").data as object)[0]!;
    const cache = kedaCache(docs, { "1.0.0": () => {}, "2.0.0": (d) => delete d[key] });
    kedaRevision(docs, "dev", "1.0.0");
    kedaRevision(docs, "prod", "1.0.0");
    expect(kedaFindings(docs, cache)).toEqual([]);
    kedaRevision(docs, "prod", "2.0.0");
    expect(kedaFindings(docs, cache).map((f) => `${f.path}: ${f.message}`)).toEqual([expect.stringMatching(new RegExp(`^values/prod/keda\\.yaml: unknown values key ${key} for chart keda`))]);
  });

  it("GIVEN two clusters with the same misspelt values text WHEN checked THEN each cluster's file gets its finding", () => {
    const docs = rendered();
    for (const cluster of ["dev", "prod"]) (kedaValues(docs, cluster).data as Record<string, unknown>)["operatr"] = {};
    const planted = withTexts(docs);
    expect(kedaValues(planted, "dev").text).toBe(kedaValues(planted, "prod").text);
    const cache = kedaCache(planted, { "1.0.0": (d) => delete d["operatr"] });
    for (const cluster of ["dev", "prod"]) kedaRevision(planted, cluster, "1.0.0");
    for (let run = 0; run < 2; run++) expect(kedaFindings(planted, cache).map((f) => f.path)).toEqual(["values/dev/keda.yaml", "values/prod/keda.yaml"]);
  });
});

describe.skipIf(!SHARED)(`validation against ../shared (strict schemas, chart defaults)${SHARED ? "" : ` — ${SKIP_REASON}`}`, () => {
  const opts = () => ({ schemaLocation: SCHEMAS!, chartCache: CHART_CACHE! });

  it("the example tree validates strictly with no findings", () => {
    expect(validateTree(rendered(), opts()).findings).toEqual([]);
  });

  it("a misspelt field is rejected by the strict schema", () => {
    const docs = rendered();
    const app = find(docs, "apps/dev/applications/istiod.yaml");
    app["spec"].syncPolicy.automated = { prune: true, selfheal: true };
    const { findings } = validateTree(docs, opts());
    expect(findings).toContainEqual(
      expect.objectContaining({ path: "apps/dev/applications/istiod.yaml", check: "schema", message: expect.stringMatching(/must NOT have additional properties 'selfheal'/) }),
    );
  });

  it("a misspelt StatefulSet field is rejected by the StatefulSet schema derived from the catalog's Deployment and PVC schemas", () => {
    const docs = rendered();
    const sts = find(docs, "apps/dev/manifests/vllm/statefulset-vllm-llama-3-1-8b.yaml");
    sts["spec"].podManagmentPolicy = "Parallel";
    sts["spec"].template.spec.containers[0].imagePullPolicyy = "Always";
    sts["spec"].volumeClaimTemplates[0].spec.storageClass = "x";
    const messages = validateTree(docs, opts()).findings.filter((f) => f.check === "schema").map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/StatefulSet vllm-llama-3-1-8b: \/spec must NOT have additional properties 'podManagmentPolicy'/),
        expect.stringMatching(/\/spec\/template\/spec\/containers\/0 must NOT have additional properties 'imagePullPolicyy'/),
        expect.stringMatching(/\/spec\/volumeClaimTemplates\/0\/spec must NOT have additional properties 'storageClass'/),
      ]),
    );
  });

  it("a misspelt Helm values key is caught against the pinned chart's defaults, with a suggestion", () => {
    const docs = rendered();
    const values = find(docs, "values/dev/kube-prometheus-stack.yaml");
    values["prometheus"].prometheusSpec.serviceMonitorSelectorNilUsesHelmValue = false;
    const { findings } = validateTree(docs, opts());
    expect(findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(/unknown values key prometheus\.prometheusSpec\.serviceMonitorSelectorNilUsesHelmValue .*Did you mean 'serviceMonitorSelectorNilUsesHelmValues'\?/),
    );
  });

  it("cert-manager values are checked against the chart's values.schema.json", () => {
    const docs = rendered();
    find(docs, "values/prod/cert-manager.yaml")["crds"].enable = true;
    const { findings } = validateTree(docs, opts());
    expect(findings.filter((f) => f.path === "values/prod/cert-manager.yaml").length).toBeGreaterThan(0);
  });

  it("validate over the committed tree passes with every check", () => {
    const result = cli("validate", "--out", path.resolve(EXAMPLE_CLUSTERS, ".."), "--schema-location", SCHEMAS!, "--chart-cache", CHART_CACHE!);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/checks: models, ordering, promql, routes, secrets, schedule, schema, values/);
  });

  it("validate reports a broken tree on disk with exit 1", () => {
    const out = tempDir();
    expect(cli("generate", "--clusters", EXAMPLE_CLUSTERS, "--out", out).code).toBe(0);
    const file = path.join(out, "apps", "dev", "applications", "keda.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("selfHeal: true", "selfHeal: true\n      selfHeel: true"));
    const result = cli("validate", "--out", out, "--schema-location", SCHEMAS!);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/apps\/dev\/applications\/keda\.yaml: \[schema\].*selfHeel/);
  });
});

describe.skipIf(!SHARED)(`compiled-validator disk cache${SHARED ? "" : ` — ${SKIP_REASON}`}`, () => {
  it("GIVEN a cold cache WHEN a schema is compiled twice THEN the second comes from disk and reports the same errors", () => {
    const dir = tempDir();
    const previous = process.env["LLM_GITOPS_CACHE_DIR"];
    process.env["LLM_GITOPS_CACHE_DIR"] = dir;
    try {
      const text = readFileSync(path.join(SCHEMAS!, "crds-pinned", "monitoring.coreos.com", "prometheusrule_v1.json"), "utf8");
      const fresh = compileCached(text);
      const entries = readdirSync(path.join(dir, "ajv"));
      expect(entries).toHaveLength(1);
      const cached = compileCached(text);
      expect(cached).not.toBe(fresh);
      // A misspelt field and the RE2 `(?i)` pattern (partial_response_strategy) exercise both code paths.
      const bad = { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "x" }, spec: { groups: [{ name: "g", partial_response_strategy: "WARN", rules: [{ alert: "A", expr: "up", fro: "5m" }] }] } };
      expect(fresh(bad)).toBe(false);
      expect(cached(bad)).toBe(false);
      expect(cached.errors).toEqual(fresh.errors);
      expect(cached.errors!.map((e) => e.keyword)).toEqual(["additionalProperties"]);
      const good = { ...bad, spec: { groups: [{ name: "g", partial_response_strategy: "WARN", rules: [{ alert: "A", expr: "up", for: "5m" }] }] } };
      expect([fresh(good), cached(good)]).toEqual([true, true]);
    } finally {
      if (previous === undefined) delete process.env["LLM_GITOPS_CACHE_DIR"];
      else process.env["LLM_GITOPS_CACHE_DIR"] = previous;
    }
  });
});
