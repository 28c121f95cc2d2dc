/**
 * validate --render: every chart-backed Application of the tree rendered as Argo CD's repo-server would, in wave
 * order, so each sees the APIs that earlier waves' CRDs add (charts that cannot see them render at once, in parallel).
 * Each rendered object keeps the Application it belongs to and the chart template it came from (helm's `# Source:`
 * line), for located findings.
 */
import { CHARTS, type ChartKey, type ChartPin } from "../catalog/charts.js";
import { BUILT_IN_API_VERSIONS, crdApiVersions } from "../charts/api-versions.js";
import { renderAll, RenderError, waitsForApiVersions, type ChartOutput, type RenderInput, type RenderTools } from "../charts/chart-render.js";
import type { Finding } from "../errors.js";
import { applications, chartKeyOf, type AppView } from "./applications.js";
import type { KubeDoc } from "./kube-docs.js";

export interface ChartObject extends KubeDoc {
  readonly app: AppView;
  /** The chart template (`# Source:`), or the kustomize input. */
  readonly source: string;
  /** Render content key and the object's index in it: equal renders are validated once. */
  readonly renderKey: string;
  readonly index: number;
}

export interface ChartRender {
  readonly objects: ChartObject[];
  readonly findings: Finding[];
  /** Applications rendered, for the summary line. */
  readonly rendered: number;
}

function chartObjects(app: AppView, out: ChartOutput, fallbackSource: string): ChartObject[] {
  return out.objects.map((o, index) => {
    const data = o.data as Record<string, any>;
    const source = o.source ?? fallbackSource;
    const namespace = data["metadata"]?.namespace ?? ((app.doc.data["spec"] as any)?.destination?.namespace as string | undefined);
    return { app, source, renderKey: out.key, index, path: `${app.doc.path}#${source}`, apiVersion: data["apiVersion"], kind: data["kind"], name: data["metadata"]?.name ?? "", ...(namespace ? { namespace } : {}), data };
  });
}

/** One chart source of one Application, and what rendering it gave. */
interface Entry {
  readonly app: AppView;
  readonly key: ChartKey;
  readonly pin: ChartPin;
  readonly source: AppView["sources"][number];
  /** Needs the API versions of earlier waves (a helm chart that reads them). */
  readonly waits: boolean;
  result?: ChartOutput | RenderError;
}

export function renderCharts(docs: readonly KubeDoc[], valuesText: (path: string) => string | undefined, tools: RenderTools): ChartRender {
  const entries: Entry[] = [];
  for (const app of applications(docs))
    for (const source of app.sources) {
      const key = chartKeyOf(source);
      if (!key) continue;
      const pin = { ...CHARTS[key], version: source.targetRevision ?? CHARTS[key].version };
      entries.push({ app, key, pin, source, waits: Boolean(source.chart) && waitsForApiVersions(tools, key, pin) });
    }
  const earlier = (e: Entry) => entries.filter((x) => x.app.clusterDir === e.app.clusterDir && x.app.wave < e.app.wave);
  // What the cluster serves when the entry's wave syncs: the built-in APIs and every earlier wave's CRDs.
  const served = (e: Entry) => {
    const versions = new Set<string>(BUILT_IN_API_VERSIONS);
    for (const x of earlier(e)) if (x.result && !(x.result instanceof RenderError)) for (const o of x.result.objects) if (o.data["kind"] === "CustomResourceDefinition") for (const v of crdApiVersions(o.data)) versions.add(v);
    return [...versions].sort();
  };
  // Rounds of renders that can run now, in parallel: charts that do not read the API versions at once, the others when
  // every earlier wave of their cluster has rendered.
  for (;;) {
    const ready = entries.filter((e) => !e.result && (!e.waits || earlier(e).every((x) => x.result)));
    if (!ready.length) break;
    const renders: { entry: Entry; input: RenderInput }[] = [];
    for (const e of ready) {
      if (!e.source.chart) {
        renders.push({ entry: e, input: { kustomize: e.pin } });
        continue;
      }
      const spec = e.app.doc.data["spec"] as any;
      const kubeVersion = ((spec?.info ?? []) as { name: string; value: string }[]).find((i) => i.name === "Kubernetes")?.value;
      const values: { name: string; text: string }[] = [];
      for (const ref of e.source.helm?.valueFiles ?? []) {
        const rel = ref.replace(/^\$values\//, "");
        const text = valuesText(rel);
        if (text === undefined) e.result = new RenderError(`values file ${rel} is missing`);
        else values.push({ name: rel, text });
      }
      if (!e.result) renders.push({ entry: e, input: { key: e.key, pin: e.pin, release: (e.source.helm as any)?.releaseName ?? e.app.name, namespace: spec.destination.namespace, kubeVersion: `${kubeVersion ?? "1.33"}.0`, apiVersions: served(e), values } });
    }
    renderAll(tools, renders.map((r) => r.input)).forEach((r, i) => (renders[i]!.entry.result = r));
  }
  const objects: ChartObject[] = [];
  const findings: Finding[] = [];
  let rendered = 0;
  for (const e of entries) {
    if (e.result instanceof RenderError || !e.result) findings.push({ path: e.app.doc.path, check: "render", message: `Application ${e.app.name}: ${e.result?.message ?? "not rendered"}` });
    else {
      rendered += 1;
      objects.push(...chartObjects(e.app, e.result, `${e.pin.repoURL}/${e.pin.path ?? e.pin.chart}@${e.pin.version}`));
    }
  }
  return { objects, findings, rendered };
}
