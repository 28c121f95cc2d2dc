/**
 * Checks over what the charts render (validate --render): strict schemas on every rendered object, custom resources also
 * against the openAPIV3Schema of the CRD the tree itself installs (what the API server enforces); CRD-before-CR across
 * chart-rendered objects; NetworkPolicy and PodMonitor selectors against the pod labels the charts really render (plus
 * the pods operators create from rendered objects: Prometheus, Alertmanager, the Istio gateway); KEDA's addresses
 * against rendered Services; the Application health check in the rendered argocd-cm; no credential in any rendered
 * Secret. Findings name the Application, the chart template and the object path.
 */
import type { ValidateFunction } from "ajv";
import { BUILT_IN_GROUPS } from "../catalog/crd-providers.js";
import { groupOf, versionOf } from "../catalog/api-version.js";
import type { Finding } from "../errors.js";
import { credentialIn } from "../secrets/credential-patterns.js";
import type { KubeDoc } from "./kube-docs.js";
import type { ChartObject } from "./render-charts.js";
import { compileCached, schemaValidator } from "./schema-catalog.js";

export interface RenderedReport {
  readonly findings: Finding[];
  readonly notes: string[];
}

const at = (o: KubeDoc) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
const where = (o: KubeDoc | ChartObject) => ("app" in o ? `Application ${o.app.name}, ${o.source}: ` : "");
const cluster = (p: string) => p.split("/").slice(0, 2).join("/");
const podTemplateLabels = (o: KubeDoc): Record<string, string> | undefined => (o.data["spec"] as any)?.template?.metadata?.labels;

/** The pods of a cluster: rendered pod templates, and those operators create from rendered objects. */
function pods(objects: readonly KubeDoc[]): { cluster: string; namespace: string; labels: Record<string, string> }[] {
  return objects.flatMap((o) => {
    const c = cluster(o.path);
    const ns = o.namespace ?? "default";
    const labels = podTemplateLabels(o);
    if (labels && ["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(o.kind)) return [{ cluster: c, namespace: ns, labels }];
    const meta = (o.data["spec"] as any)?.podMetadata?.labels ?? {};
    // prometheus-operator's pod labels (pkg/prometheus/statefulset.go, pkg/alertmanager/statefulset.go).
    if (o.kind === "Prometheus") return [{ cluster: c, namespace: ns, labels: { ...meta, "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/instance": o.name, "app.kubernetes.io/managed-by": "prometheus-operator", prometheus: o.name } }];
    if (o.kind === "Alertmanager") return [{ cluster: c, namespace: ns, labels: { ...meta, "app.kubernetes.io/name": "alertmanager", "app.kubernetes.io/instance": o.name, alertmanager: o.name } }];
    // istiod's gateway Deployment for a Gateway of class istio (kube-gateway.yaml).
    if (o.kind === "Gateway" && (o.data["spec"] as any)?.gatewayClassName === "istio") return [{ cluster: c, namespace: ns, labels: { "gateway.networking.k8s.io/gateway-name": o.name } }];
    return [];
  });
}

const matches = (labels: Record<string, string>, selector: Record<string, string> | undefined) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

export function checkRendered(tree: readonly KubeDoc[], rendered: readonly ChartObject[], schemaLocation: string | undefined): RenderedReport {
  const findings: Finding[] = [];
  const noSchema = new Set<string>();
  const all: KubeDoc[] = [...tree, ...rendered];
  const crds = rendered.filter((o) => o.kind === "CustomResourceDefinition");
  const crdIndex = new Map<string, ChartObject>();
  for (const d of crds) crdIndex.set(`${cluster(d.path)}|${(d.data["spec"] as any)?.group}|${(d.data["spec"] as any)?.names?.kind}`, d);
  const crdFor = (c: string, group: string, kind: string) => crdIndex.get(`${c}|${group}|${kind}`);
  const compiled = new Map<string, ValidateFunction | null>();
  const crdValidator = (crd: ChartObject, version: string) => {
    // Equal renders hold equal CRDs: one compile per rendered CRD and version.
    const key = `${crd.renderKey}#${crd.index}@${version}`;
    if (!compiled.has(key)) {
      const schema = ((crd.data["spec"] as any).versions ?? []).find((v: any) => v.name === version)?.schema?.openAPIV3Schema;
      const text = schema ? JSON.stringify(schema) : "";
      try {
        // The same compiler and on-disk cache as the strict catalog (RE2 patterns, Kubernetes formats).
        compiled.set(key, schema ? compileCached(text) : null);
      } catch (e) {
        findings.push({ path: crd.path, check: "render", message: `CRD ${crd.name}: its openAPIV3Schema for ${version} does not compile (${(e as Error).message}); its resources are not schema-checked` });
        compiled.set(key, undefined as never);
      }
    }
    return compiled.get(key);
  };

  // Schema problems of one object, computed once per distinct render (a fleet renders the same chart input many times).
  const memo = new Map<string, string[]>();
  const problems = (o: KubeDoc, crd: ChartObject | undefined): string[] => {
    const memoKey = "renderKey" in o ? `${(o as ChartObject).renderKey}#${(o as ChartObject).index}#${crd?.renderKey ?? ""}` : undefined;
    const hit = memoKey && memo.get(memoKey);
    if (hit) return hit;
    const out: string[] = [];
    const group = groupOf(o.apiVersion);
    if ("app" in o && schemaLocation) {
      const strict = schemaValidator(schemaLocation, o.apiVersion, o.kind);
      if (strict && !strict.validate(o.data)) for (const e of strict.validate.errors ?? []) out.push(`${e.instancePath || "/"} ${e.message}${e.keyword === "additionalProperties" ? ` '${(e.params as any).additionalProperty}'` : ""}`);
      if (!strict && BUILT_IN_GROUPS.has(group)) noSchema.add(`${o.apiVersion} ${o.kind}`);
    }
    if (crd) {
      const validate = crdValidator(crd, versionOf(o.apiVersion));
      if (validate === null) out.push(`the tree's CRD for ${o.kind} does not serve ${o.apiVersion}`);
      else if (validate && !validate(o.data)) for (const e of validate.errors ?? []) out.push(`${e.instancePath || "/"} ${e.message} (CRD ${crd.name} from Application ${crd.app.name})`);
    }
    if (memoKey) memo.set(memoKey, out);
    return out;
  };

  for (const o of all) {
    const group = groupOf(o.apiVersion);
    const isRendered = "app" in o;
    const custom = !BUILT_IN_GROUPS.has(group) && o.kind !== "CustomResourceDefinition";
    // A custom resource: against its CRD's schema as the tree installs it, and installed no later than it.
    const crd = custom ? crdFor(cluster(o.path), group, o.kind) : undefined;
    if (!isRendered && !crd) continue;
    for (const p of problems(o, crd)) findings.push({ path: o.path, check: "render", message: `${where(o)}${at(o)}: ${p}` });
    if (!crd) continue;
    if (isRendered && crd.app !== (o as ChartObject).app && crd.app.wave >= (o as ChartObject).app.wave) {
      findings.push({ path: o.path, check: "render", message: `${where(o)}${at(o)}: its CRD comes from Application ${crd.app.name} in wave ${crd.app.wave}, not before wave ${(o as ChartObject).app.wave}` });
    }
  }

  // NetworkPolicy peers and PodMonitor selectors must select pods that exist.
  const podIndex = new Map<string, Record<string, string>[]>();
  for (const p of pods(all)) podIndex.set(`${p.cluster}|${p.namespace}`, [...(podIndex.get(`${p.cluster}|${p.namespace}`) ?? []), p.labels]);
  const anyPod = (c: string, ns: string | undefined, selector: Record<string, string> | undefined) => (podIndex.get(`${c}|${ns}`) ?? []).some((labels) => matches(labels, selector));
  for (const np of tree.filter((o) => o.kind === "NetworkPolicy")) {
    for (const rule of ((np.data["spec"] as any)?.ingress ?? []) as any[]) {
      for (const peer of rule.from ?? []) {
        const ns = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
        if (!ns || !peer.podSelector) continue;
        if (!anyPod(cluster(np.path), ns, peer.podSelector.matchLabels)) {
          findings.push({ path: np.path, check: "render", message: `NetworkPolicy ${np.name}: no pod in namespace ${ns} carries ${JSON.stringify(peer.podSelector.matchLabels)} (rendered pods and operator-created ones checked): this peer admits nothing` });
        }
      }
    }
  }
  for (const pm of tree.filter((o) => o.kind === "PodMonitor")) {
    const sel = (pm.data["spec"] as any)?.selector?.matchLabels;
    if (!anyPod(cluster(pm.path), pm.namespace, sel)) findings.push({ path: pm.path, check: "render", message: `PodMonitor ${pm.name}: no pod in namespace ${pm.namespace} carries ${JSON.stringify(sel)}` });
  }

  // KEDA's addresses resolve to rendered Services with that port.
  const services = all.filter((o) => o.kind === "Service");
  const serviceIndex = new Map(services.map((s) => [`${cluster(s.path)}|${s.namespace}|${s.name}`, s]));
  for (const so of tree.filter((o) => o.kind === "ScaledObject")) {
    for (const t of ((so.data["spec"] as any)?.triggers ?? []) as any[]) {
      const address: string | undefined = t.metadata?.serverAddress ?? t.metadata?.scalerAddress;
      const m = address && /^(?:https?:\/\/)?([a-z0-9-]+)\.([a-z0-9-]+)(?:\.svc(?:\.cluster\.local)?)?:(\d+)/.exec(address);
      if (!m) continue;
      const [, name, ns, port] = m;
      const svc = serviceIndex.get(`${cluster(so.path)}|${ns}|${name}`);
      if (!svc) {
        // An address outside what the tree deploys (an existing SigNoz) is the operator's to provide.
        if (podIndex.has(`${cluster(so.path)}|${ns}`)) findings.push({ path: so.path, check: "render", message: `ScaledObject ${so.name} trigger ${t.name}: ${address} names Service ${ns}/${name}, which no chart of this cluster renders` });
        continue;
      }
      const ports = (((svc.data["spec"] as any)?.ports ?? []) as any[]).map((p) => p.port);
      if (!ports.includes(Number(port))) findings.push({ path: so.path, check: "render", message: `ScaledObject ${so.name} trigger ${t.name}: Service ${ns}/${name} has no port ${port} (has ${ports.join(", ")})` });
    }
  }

  // The Application health check must be in the argocd-cm Argo CD really gets.
  for (const cm of rendered.filter((o) => o.kind === "ConfigMap" && o.name === "argocd-cm")) {
    const lua = (cm.data["data"] as Record<string, string> | undefined)?.["resource.customizations.health.argoproj.io_Application"];
    if (!lua || !lua.includes("obj.status.sync")) findings.push({ path: cm.path, check: "render", message: `${where(cm)}argocd-cm has no Application health check that waits for Synced: waves would not wait for child health` });
  }

  // Rendered Secrets carry no credential.
  for (const s of rendered.filter((o) => o.kind === "Secret")) {
    const data = { ...((s.data["data"] as Record<string, string>) ?? {}) };
    for (const [k, v] of Object.entries(data)) data[k] = Buffer.from(v, "base64").toString();
    for (const [k, v] of Object.entries({ ...data, ...((s.data["stringData"] as Record<string, string>) ?? {}) })) {
      const what = credentialIn(v);
      if (what) findings.push({ path: s.path, check: "render", message: `${where(s)}${at(s)}: key ${k} ${what}` });
    }
  }
  const notes = noSchema.size ? [`rendered kinds with no strict schema in the catalog, not schema-checked: ${[...noSchema].sort().join(", ")}`] : [];
  return { findings, notes };
}
