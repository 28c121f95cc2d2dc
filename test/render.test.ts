/**
 * validate --render: every chart rendered as Argo CD's repo-server renders it (real helm, the archives in
 * ../shared/charts, kustomize for the Gateway API CRDs) and the rendered whole validated; planted faults that only a
 * render catches; the render cache.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMatrix } from "../generator/matrix/load.js";
import type { RenderedDoc } from "../generator/render/output-file.js";
import { render } from "../generator/render/render.js";
import { validateTree } from "../generator/validate/validate-tree.js";
import { CHART_CACHE, EXAMPLE_CLUSTERS, HELM, RENDER_SKIP, SCHEMAS, VARIANT_CLUSTERS, tempDir } from "./helpers.js";

const docsOf = (dir: string) => render(loadMatrix(dir)).docs.map((d) => ({ ...d, data: structuredClone(d.data) as any }));
const find = (docs: RenderedDoc[], p: string): any => docs.find((d) => d.path === p)!.data;
const options = (helm = HELM!) => ({ schemaLocation: SCHEMAS!, chartCache: CHART_CACHE!, render: { helm, kubectl: "kubectl" } });
const renderFindings = (docs: RenderedDoc[]) => validateTree(docs, options()).findings;

describe.skipIf(RENDER_SKIP !== "")(`charts rendered as Argo CD renders them${RENDER_SKIP ? ` — ${RENDER_SKIP}` : ""}`, () => {
  it("renders every chart of dev and prod, and all of it passes strict schemas and the CRDs' own schemas", () => {
    const report = validateTree(docsOf(EXAMPLE_CLUSTERS), options());
    expect(report.findings).toEqual([]);
    expect(report.checks.find((c) => c.startsWith("render"))).toMatch(/render \(16 charts, \d{3} objects\)/);
  });

  it("renders every chart of the variants (http-addon, schedule, signoz, jwt) with no finding", () => {
    expect(renderFindings(docsOf(VARIANT_CLUSTERS))).toEqual([]);
  });

  it("GIVEN a values key of the wrong type that the chart copies into a CR THEN only the render catches it, naming the Application, the template and the field", () => {
    const docs = docsOf(EXAMPLE_CLUSTERS);
    find(docs, "values/dev/kube-prometheus-stack.yaml").prometheus.prometheusSpec.retention = 15;
    expect(validateTree(docs, { schemaLocation: SCHEMAS!, chartCache: CHART_CACHE! }).findings).toEqual([]);
    expect(renderFindings(docs)).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/^apps\/dev\/applications\/kube-prometheus-stack\.yaml#kube-prometheus-stack\/templates\/prometheus\/prometheus\.yaml$/),
        message: expect.stringMatching(/^Application kube-prometheus-stack, kube-prometheus-stack\/templates\/prometheus\/prometheus\.yaml: Prometheus monitoring\/kube-prometheus-stack-prometheus: \/spec\/retention must (be string|match pattern)/),
      }),
    ]);
  });

  it("GIVEN a route to a port the chart's Service does not have THEN the render's Services catch it", () => {
    const docs = docsOf(VARIANT_CLUSTERS);
    find(docs, "apps/http-addon/manifests/routes/httproute-vllm-vllm-llama-3-1-8b.yaml").spec.rules[0].backendRefs[0].port = 8090;
    expect(renderFindings(docs).map((f) => f.message)).toEqual([expect.stringMatching(/backend Service keda\/keda-add-ons-http-interceptor-proxy has no port 8090 \(has \d+/)]);
  });

  it("GIVEN a NetworkPolicy peer selecting a label no chart pod carries THEN only the render catches it", () => {
    const docs = docsOf(EXAMPLE_CLUSTERS);
    const np = find(docs, "apps/dev/manifests/vllm/networkpolicy-vllm-allow-gateway-and-scrape.yaml");
    np.spec.ingress[0].from[1].podSelector.matchLabels = { "app.kubernetes.io/name": "prometheus-server" };
    expect(validateTree(docs, { schemaLocation: SCHEMAS!, chartCache: CHART_CACHE! }).findings).toEqual([]);
    expect(renderFindings(docs).map((f) => `${f.path}: ${f.message}`)).toEqual([
      expect.stringMatching(/networkpolicy-vllm-allow-gateway-and-scrape\.yaml: NetworkPolicy vllm-allow-gateway-and-scrape: no pod in namespace monitoring carries \{"app\.kubernetes\.io\/name":"prometheus-server"\}/),
    ]);
  });

  it("GIVEN values that drop the Application health check THEN the rendered argocd-cm is found without it", () => {
    const docs = docsOf(EXAMPLE_CLUSTERS);
    delete find(docs, "values/dev/argo-cd.yaml").configs.cm["resource.customizations.health.argoproj.io_Application"];
    expect(renderFindings(docs).map((f) => f.message)).toEqual([expect.stringMatching(/Application argo-cd, argo-cd\/templates\/argocd-configs\/argocd-cm\.yaml: argocd-cm has no Application health check/)]);
  });

  it("GIVEN a misspelt key under a dependency chart (grafana) THEN the dependency's own defaults catch it", () => {
    const docs = docsOf(EXAMPLE_CLUSTERS);
    find(docs, "values/dev/kube-prometheus-stack.yaml").grafana.adminn = { existingSecret: "x" };
    expect(validateTree(docs, { schemaLocation: SCHEMAS!, chartCache: CHART_CACHE! }).findings.map((f) => f.message)).toEqual([expect.stringMatching(/unknown values key grafana\.adminn for the grafana subchart of kube-prometheus-stack\. Did you mean 'admin'\?/)]);
  });

  it("renders each distinct chart input once: a second validation runs no helm", () => {
    const dir = tempDir();
    const log = path.join(dir, "calls");
    const wrapper = path.join(dir, "helm");
    writeFileSync(wrapper, `#!/bin/sh\necho call >> ${log}\nexec ${HELM} "$@"\n`);
    chmodSync(wrapper, 0o755);
    writeFileSync(log, "");
    const docs = docsOf(EXAMPLE_CLUSTERS);
    // A values change nobody has rendered before: this run must call helm for it, the next must not.
    find(docs, "values/dev/keda.yaml").resources.metricServer.requests.cpu = `${Date.now() % 997}m`;
    expect(validateTree(docs, options(wrapper)).findings).toEqual([]);
    const first = readFileSync(log, "utf8").split("\n").filter(Boolean).length;
    expect(first).toBe(1);
    expect(validateTree(docs, options(wrapper)).findings).toEqual([]);
    expect(readFileSync(log, "utf8").split("\n").filter(Boolean).length).toBe(first);
  });
});
