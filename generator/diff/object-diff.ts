/**
 * Object-level diff of two generated trees (plus, with --render, what the charts render from each): per cluster and
 * Application what is added, removed and changed, with the changed fields, and the changes a reviewer must not miss:
 * a CRD change, a field Kubernetes will not change in place (the object must be replaced), something pruned that
 * holds state, a chart's major version.
 */
import { groupOf } from "../catalog/api-version.js";

export interface DiffObject {
  readonly cluster: string;
  readonly app: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace?: string;
  readonly name: string;
  readonly data: unknown;
  /** Where it comes from: a file of the tree, or a chart template. */
  readonly origin: string;
}

export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ObjectChange {
  readonly id: string;
  readonly kind: string;
  readonly origin: string;
  readonly fields: readonly FieldChange[];
}

export interface AppDiff {
  readonly name: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ObjectChange[];
}

export interface ClusterDiff {
  readonly name: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly applications: readonly AppDiff[];
}

export interface Risk {
  readonly cluster: string;
  readonly app: string;
  readonly what: string;
}

export interface TreeDiff {
  readonly clusters: readonly ClusterDiff[];
  readonly risks: readonly Risk[];
}

/** Annotations Argo CD and kubectl write on the cluster, and our generated marker: never a change of ours. */
const IGNORED_ANNOTATIONS = ["argocd.argoproj.io/tracking-id", "kubectl.kubernetes.io/last-applied-configuration"];
function normalise(data: unknown): unknown {
  if (!data || typeof data !== "object" || Array.isArray(data)) return data;
  const o = { ...(data as Record<string, any>) };
  delete o["__generated"];
  if (o["metadata"]?.annotations) {
    const annotations = { ...o["metadata"].annotations };
    for (const k of IGNORED_ANNOTATIONS) delete annotations[k];
    o["metadata"] = { ...o["metadata"], annotations };
  }
  return o;
}

/** Lists of named items (containers, env, ports, info) are matched by name, as a reviewer reads them. */
const named = (x: unknown): x is { name: string }[] => Array.isArray(x) && x.length > 0 && x.every((i) => i && typeof i === "object" && typeof (i as { name?: unknown }).name === "string") && new Set(x.map((i) => i.name)).size === x.length;

export function fieldChanges(a: unknown, b: unknown, at = ""): FieldChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (named(a) && named(b)) {
    const names = [...new Set([...a.map((i) => i.name), ...b.map((i) => i.name)])];
    return names.flatMap((n) => fieldChanges(a.find((i) => i.name === n), b.find((i) => i.name === n), `${at}[name=${n}]`));
  }
  const obj = (x: unknown) => x && typeof x === "object";
  if (!obj(a) || !obj(b) || Array.isArray(a) !== Array.isArray(b)) return [{ path: at || "/", ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) }];
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
  return keys.flatMap((k) => fieldChanges((a as any)[k], (b as any)[k], `${at}/${k}`));
}

const idOf = (o: DiffObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
const keyOf = (o: DiffObject) => `${o.cluster}|${o.app}|${groupOf(o.apiVersion)}|${o.kind}|${o.namespace ?? ""}|${o.name}`;

/** Fields the API server refuses to change: the object must be deleted and created again. */
const IMMUTABLE: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["/spec/selector"],
  DaemonSet: ["/spec/selector"],
  StatefulSet: ["/spec/selector", "/spec/volumeClaimTemplates", "/spec/serviceName", "/spec/podManagementPolicy"],
  Job: ["/spec/template", "/spec/selector"],
  Service: ["/spec/clusterIP"],
  PersistentVolumeClaim: ["/spec/storageClassName", "/spec/accessModes", "/spec/volumeName"],
};
const STATEFUL = new Set(["Namespace", "PersistentVolumeClaim", "StatefulSet", "CustomResourceDefinition"]);
const UNITS: Readonly<Record<string, number>> = { "": 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const quantity = (q: unknown) => {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(String(q ?? ""));
  return m ? Number(m[1]) * UNITS[m[2] ?? ""]! : NaN;
};
const major = (v: unknown) => Number(/^v?(\d+)\./.exec(String(v ?? ""))?.[1]);

export function diffTrees(before: readonly DiffObject[], after: readonly DiffObject[]): TreeDiff {
  const b = new Map(before.map((o) => [keyOf(o), o]));
  const a = new Map(after.map((o) => [keyOf(o), o]));
  const risks: Risk[] = [];
  const clusters = [...new Set([...before, ...after].map((o) => o.cluster))].sort();
  const out: ClusterDiff[] = clusters.map((cluster) => {
    const inCluster = (m: Map<string, DiffObject>) => [...m.values()].filter((o) => o.cluster === cluster);
    const bc = inCluster(b);
    const ac = inCluster(a);
    const apps = [...new Set([...bc, ...ac].map((o) => o.app))].sort();
    const applications = apps.map((app) => {
      const added: string[] = [];
      const removed: string[] = [];
      const changed: ObjectChange[] = [];
      for (const o of ac.filter((x) => x.app === app && !b.has(keyOf(x)))) {
        added.push(idOf(o));
        if (o.kind === "CustomResourceDefinition") risks.push({ cluster, app, what: `CRD ${o.name} added` });
      }
      for (const o of bc.filter((x) => x.app === app && !a.has(keyOf(x)))) {
        removed.push(idOf(o));
        if (STATEFUL.has(o.kind)) risks.push({ cluster, app, what: `${idOf(o)} would be pruned${o.kind === "PersistentVolumeClaim" || o.kind === "StatefulSet" ? ": its data goes with it" : o.kind === "CustomResourceDefinition" ? ": every resource of that kind goes with it" : ""}` });
      }
      for (const o of ac.filter((x) => x.app === app && b.has(keyOf(x)))) {
        const old = b.get(keyOf(o))!;
        const fields = fieldChanges(normalise(old.data), normalise(o.data));
        if (fields.length === 0) continue;
        changed.push({ id: idOf(o), kind: o.kind, origin: o.origin, fields });
        if (o.kind === "CustomResourceDefinition") risks.push({ cluster, app, what: `CRD ${o.name} changes (every resource of it is revalidated; a removed version breaks stored objects)` });
        for (const p of IMMUTABLE[o.kind] ?? []) if (fields.some((f) => f.path === p || f.path.startsWith(`${p}/`))) risks.push({ cluster, app, what: `${idOf(o)}: ${p} cannot change in place — the object must be replaced (Argo CD sync fails without Replace=true)` });
        if (o.kind === "PersistentVolumeClaim" || o.kind === "StatefulSet") {
          const size = (x: any) => quantity(o.kind === "PersistentVolumeClaim" ? x?.spec?.resources?.requests?.storage : x?.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage);
          if (size(o.data) < size(old.data)) risks.push({ cluster, app, what: `${idOf(o)}: the volume shrinks, which Kubernetes refuses` });
        }
        if (o.kind === "Application") {
          const sources = (x: any) => (x?.spec?.sources ?? []).filter((s: any) => s.chart);
          for (const s of sources(o.data)) {
            const prev = sources(old.data).find((p: any) => p.chart === s.chart);
            if (prev && major(prev.targetRevision) !== major(s.targetRevision)) risks.push({ cluster, app, what: `chart ${s.chart} ${prev.targetRevision} -> ${s.targetRevision}: a major version (read its upgrade notes)` });
          }
        }
      }
      return { name: app, added, removed, changed };
    });
    const status = bc.length === 0 ? "added" : ac.length === 0 ? "removed" : applications.some((x) => x.added.length || x.removed.length || x.changed.length) ? "changed" : "unchanged";
    if (status === "removed") risks.unshift({ cluster, app: "(root)", what: `cluster ${cluster} removed from the matrix: deleting its root Application cascades to every layer` });
    return { name: cluster, status, applications: applications.filter((x) => x.added.length || x.removed.length || x.changed.length) };
  });
  return { clusters: out, risks };
}
