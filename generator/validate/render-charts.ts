/**
 * validate --render: every chart-backed Application of the tree rendered as Argo CD's repo-server would, in wave
 * order, so each sees the APIs that earlier waves' CRDs add. Each rendered object keeps the Application it belongs to
 * and the chart template it came from (helm's `# Source:` line), for located findings.
 */
import { CHARTS } from "../catalog/charts.js";
import { BUILT_IN_API_VERSIONS, crdApiVersions } from "../charts/api-versions.js";
import { helmTemplate, kustomize, RenderError, type ChartOutput, type RenderTools } from "../charts/chart-render.js";
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

export function renderCharts(docs: readonly KubeDoc[], valuesText: (path: string) => string | undefined, tools: RenderTools): ChartRender {
  const objects: ChartObject[] = [];
  const findings: Finding[] = [];
  let rendered = 0;
  const byCluster = new Map<string, AppView[]>();
  for (const app of applications(docs)) byCluster.set(app.clusterDir, [...(byCluster.get(app.clusterDir) ?? []), app]);
  for (const apps of byCluster.values()) {
    const served = new Set<string>(BUILT_IN_API_VERSIONS);
    const waves = [...new Set(apps.map((a) => a.wave))].sort((a, b) => a - b);
    for (const wave of waves) {
      const crdsThisWave: ChartObject[] = [];
      for (const app of apps.filter((a) => a.wave === wave)) {
        const spec = app.doc.data["spec"] as any;
        const kubeVersion = ((spec?.info ?? []) as { name: string; value: string }[]).find((i) => i.name === "Kubernetes")?.value;
        for (const source of app.sources) {
          const key = chartKeyOf(source);
          if (!key) continue;
          const pin = { ...CHARTS[key], version: source.targetRevision ?? CHARTS[key].version };
          try {
            let text: ChartOutput;
            if (source.chart) {
              const values = (source.helm?.valueFiles ?? []).map((ref) => {
                const rel = ref.replace(/^\$values\//, "");
                const t = valuesText(rel);
                if (t === undefined) throw new RenderError(`values file ${rel} is missing`);
                return { name: rel, text: t };
              });
              text = helmTemplate(tools, { key, pin, release: (source.helm as any)?.releaseName ?? app.name, namespace: spec.destination.namespace, kubeVersion: `${kubeVersion ?? "1.33"}.0`, apiVersions: [...served].sort(), values });
            } else text = kustomize(tools, pin);
            rendered += 1;
            const parsed = chartObjects(app, text, `${pin.repoURL}/${pin.path ?? pin.chart}@${pin.version}`);
            objects.push(...parsed);
            crdsThisWave.push(...parsed.filter((o) => o.kind === "CustomResourceDefinition"));
          } catch (e) {
            if (!(e instanceof RenderError)) throw e;
            findings.push({ path: app.doc.path, check: "render", message: `Application ${app.name}: ${e.message}` });
          }
        }
      }
      for (const crd of crdsThisWave) for (const v of crdApiVersions(crd.data)) served.add(v);
    }
  }
  return { objects, findings, rendered };
}
