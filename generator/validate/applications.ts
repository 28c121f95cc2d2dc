/** The Argo CD Applications of a rendered tree, read back from their objects (works for generate and validate). */
import { CHARTS, CHART_KEYS, type ChartKey } from "../catalog/charts.js";
import { SYNC_WAVE } from "../catalog/argo-labels.js";
import type { KubeDoc } from "./kube-docs.js";

export interface AppSource {
  readonly repoURL: string;
  readonly chart?: string;
  readonly targetRevision?: string;
  readonly path?: string;
  readonly ref?: string;
  readonly helm?: { readonly valueFiles?: readonly string[] };
}

export interface AppView {
  readonly doc: KubeDoc;
  readonly name: string;
  /** apps/<cluster>/ — Applications only own objects of their own cluster. */
  readonly clusterDir: string;
  readonly wave: number;
  readonly sources: readonly AppSource[];
}

export function clusterDirOf(path: string): string {
  const first = path.indexOf("/");
  const second = first === -1 ? -1 : path.indexOf("/", first + 1);
  return second === -1 ? path : path.slice(0, second);
}

/** By document list: the ordering, values and routes checks of one cluster ask for the same one. */
const viewsOf = new WeakMap<readonly KubeDoc[], AppView[]>();

export function applications(docs: readonly KubeDoc[]): AppView[] {
  let views = viewsOf.get(docs);
  if (!views) viewsOf.set(docs, (views = applicationViews(docs)));
  return views;
}

function applicationViews(docs: readonly KubeDoc[]): AppView[] {
  return docs
    .filter((d) => d.apiVersion === "argoproj.io/v1alpha1" && d.kind === "Application")
    .map((doc) => {
      const spec = (doc.data["spec"] ?? {}) as { sources?: AppSource[]; source?: AppSource };
      const annotations = ((doc.data["metadata"] as { annotations?: Record<string, string> })?.annotations ?? {}) as Record<string, string>;
      return {
        doc,
        name: doc.name,
        clusterDir: clusterDirOf(doc.path),
        wave: Number(annotations[SYNC_WAVE] ?? 0),
        sources: spec.sources ?? (spec.source ? [spec.source] : []),
      };
    });
}

/** The catalog's keys by repository, in catalog order: most sources (the tree's own directories) match none. */
const KEYS_BY_REPO = new Map<string, ChartKey[]>();
for (const key of CHART_KEYS) KEYS_BY_REPO.set(CHARTS[key].repoURL, [...(KEYS_BY_REPO.get(CHARTS[key].repoURL) ?? []), key]);

/** The catalog entry an upstream source refers to (by repository and chart name, or git repository). */
export function chartKeyOf(source: AppSource): ChartKey | undefined {
  return KEYS_BY_REPO.get(source.repoURL)?.find((key) => {
    const pin = CHARTS[key];
    return pin.chart ? pin.chart === source.chart : source.path === pin.path;
  });
}
