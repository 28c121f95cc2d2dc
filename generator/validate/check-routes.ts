/**
 * Routes resolve: every HTTPRoute's parent Gateway and listener exist and admit the route's namespace, and every
 * backendRef names a Service with that port — rendered in the tree, or created by a chart Application of the same
 * cluster in that namespace — and, across namespaces, a ReferenceGrant in the target namespace allows it. Every
 * InterceptorRoute (KEDA HTTP add-on) targets a rendered Service in its namespace with the named port.
 */
import { CHARTS } from "../catalog/charts.js";
import type { Finding } from "../errors.js";
import { applications, chartKeyOf, clusterDirOf } from "./applications.js";
import type { KubeDoc } from "./kube-docs.js";

interface Listener {
  name: string;
  port?: number;
  allowedRoutes?: {
    namespaces?: { from?: string; selector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } };
  };
}
interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}

const admits = (listener: Listener, gatewayNs: string, routeNs: string): boolean => {
  const ns = listener.allowedRoutes?.namespaces;
  const from = ns?.from ?? "Same";
  if (from === "All") return true;
  if (from === "Same") return routeNs === gatewayNs;
  // Only the automatic namespace-name label can be evaluated offline (every requirement must hold).
  const selector = ns?.selector;
  const label = "kubernetes.io/metadata.name";
  const labels = selector?.matchLabels ?? {};
  const exprs = selector?.matchExpressions ?? [];
  if (Object.keys(labels).some((k) => k !== label) || exprs.some((e) => e.key !== label || e.operator !== "In")) return false;
  return (labels[label] === undefined || labels[label] === routeNs) && exprs.every((e) => (e.values ?? []).includes(routeNs)) && (labels[label] !== undefined || exprs.length > 0);
};

/** istiod deploys `<name>-istio` for a Gateway of class istio: a Service with the listener ports and the status port. */
const ISTIO_GATEWAY_STATUS_PORT = 15021;

function checkInterceptorRoutes(docs: readonly KubeDoc[]): Finding[] {
  const findings: Finding[] = [];
  for (const route of docs.filter((d) => d.kind === "InterceptorRoute")) {
    const target = (route.data["spec"] as { target?: { service: string; port?: number; portName?: string } }).target;
    if (!target) continue;
    const svc = docs.find((d) => d.kind === "Service" && d.name === target.service && d.namespace === route.namespace && clusterDirOf(d.path) === clusterDirOf(route.path));
    const ports = ((svc?.data["spec"] as { ports?: { name?: string; port: number }[] } | undefined)?.ports ?? []);
    const ok = svc && ports.some((p) => (target.portName ? p.name === target.portName : p.port === target.port));
    if (!ok) {
      findings.push({ path: route.path, check: "routes", message: `InterceptorRoute ${route.name}: target Service ${route.namespace}/${target.service} ${svc ? `has no port ${target.portName ?? target.port}` : "is not rendered"}` });
    }
  }
  return findings;
}

/**
 * Services with ports per `<clusterDir>/<namespace>/<name>`: rendered ones and those the cluster's charts create —
 * from the charts' real render when there is one (validate --render), else from the catalogue's list.
 */
function knownServices(docs: readonly KubeDoc[], chartServices?: readonly KubeDoc[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const d of docs.filter((x) => x.kind === "Service" && x.apiVersion === "v1")) {
    const ports = ((d.data["spec"] as { ports?: { port: number }[] })?.ports ?? []).map((p) => p.port);
    out.set(`${clusterDirOf(d.path)}/${d.namespace}/${d.name}`, ports);
  }
  for (const gw of docs.filter((d) => d.kind === "Gateway" && (d.data["spec"] as { gatewayClassName?: string }).gatewayClassName === "istio")) {
    const listeners = (gw.data["spec"] as { listeners?: Listener[] }).listeners ?? [];
    out.set(`${clusterDirOf(gw.path)}/${gw.namespace}/${gw.name}-istio`, [ISTIO_GATEWAY_STATUS_PORT, ...new Set(listeners.map((l) => l.port ?? 0))]);
  }
  for (const d of chartServices ?? []) out.set(`${clusterDirOf(d.path)}/${d.namespace}/${d.name}`, ((d.data["spec"] as { ports?: { port: number }[] })?.ports ?? []).map((p) => p.port));
  for (const app of chartServices ? [] : applications(docs)) {
    const namespace = (app.doc.data["spec"] as { destination?: { namespace?: string } }).destination?.namespace;
    for (const source of app.sources) {
      const key = chartKeyOf(source);
      for (const svc of (key && CHARTS[key].services) || []) out.set(`${app.clusterDir}/${namespace}/${svc.name}`, [svc.port]);
    }
  }
  return out;
}

function granted(docs: readonly KubeDoc[], clusterDir: string, routeNs: string, target: BackendRef & { namespace: string }): boolean {
  return docs.some((d) => {
    if (d.kind !== "ReferenceGrant" || d.namespace !== target.namespace || clusterDirOf(d.path) !== clusterDir) return false;
    const spec = d.data["spec"] as { from?: { group: string; kind: string; namespace: string }[]; to?: { group: string; kind: string; name?: string }[] };
    const fromOk = (spec.from ?? []).some((f) => f.group === "gateway.networking.k8s.io" && f.kind === "HTTPRoute" && f.namespace === routeNs);
    const toOk = (spec.to ?? []).some((t) => (t.group ?? "") === "" && t.kind === "Service" && (!t.name || t.name === target.name));
    return fromOk && toOk;
  });
}

export function checkRoutes(docs: readonly KubeDoc[], chartServices?: readonly KubeDoc[]): Finding[] {
  const findings: Finding[] = checkInterceptorRoutes(docs);
  const services = knownServices(docs, chartServices);
  for (const route of docs.filter((d) => d.kind === "HTTPRoute")) {
    const dir = clusterDirOf(route.path);
    const routeNs = route.namespace ?? "default";
    const add = (message: string) => findings.push({ path: route.path, check: "routes", message: `HTTPRoute ${route.name}: ${message}` });
    const spec = route.data["spec"] as { parentRefs?: { name: string; namespace?: string; sectionName?: string }[]; rules?: { backendRefs?: BackendRef[] }[] };
    for (const parent of spec.parentRefs ?? []) {
      const gatewayNs = parent.namespace ?? routeNs;
      const gw = docs.find((d) => d.kind === "Gateway" && d.name === parent.name && d.namespace === gatewayNs && clusterDirOf(d.path) === dir);
      if (!gw) {
        add(`parent Gateway ${gatewayNs}/${parent.name} is not rendered`);
        continue;
      }
      const listeners = ((gw.data["spec"] as { listeners?: Listener[] }).listeners ?? []).filter((l) => !parent.sectionName || l.name === parent.sectionName);
      if (listeners.length === 0) add(`Gateway ${gatewayNs}/${parent.name} has no listener ${parent.sectionName}`);
      else if (!listeners.some((l) => admits(l, gatewayNs, routeNs))) add(`listener ${parent.sectionName ?? "(any)"} of Gateway ${gatewayNs}/${parent.name} does not admit routes from namespace ${routeNs}`);
    }
    for (const rule of spec.rules ?? []) {
      for (const ref of rule.backendRefs ?? []) {
        if ((ref.kind ?? "Service") !== "Service" || (ref.group ?? "") !== "") continue;
        const ns = ref.namespace ?? routeNs;
        const ports = services.get(`${dir}/${ns}/${ref.name}`);
        if (!ports) add(`backend Service ${ns}/${ref.name} exists neither in the tree nor as a chart Service of this cluster`);
        else if (ref.port !== undefined && !ports.includes(ref.port)) add(`backend Service ${ns}/${ref.name} has no port ${ref.port} (has ${ports.join(", ")})`);
        if (ns !== routeNs && !granted(docs, dir, routeNs, { ...ref, namespace: ns })) add(`backend ${ns}/${ref.name} is in another namespace and no ReferenceGrant in ${ns} allows HTTPRoutes from ${routeNs}`);
      }
    }
  }
  return findings;
}
