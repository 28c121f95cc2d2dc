/**
 * A faithful local stand-in for the Kubernetes API server over HTTP on 127.0.0.1: discovery (/api, /apis and their
 * resource lists, which @kubernetes/client-node reads before it builds a path), server-side apply (a repeated identical
 * apply changes nothing, as on a real API server), get/list/delete, Secrets' stringData stored as base64 data, and the
 * service proxy for Prometheus' targets. An Argo CD stand-in makes its Deployments available, creates the child
 * Applications once the root is applied and marks them Synced/Healthy one wave per tick (a named one can be kept
 * stuck), gives the Gateway an address, and on the root's deletion removes the children, the load balancer and volumes.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

interface Kind { group: string; version: string; kind: string; plural: string; namespaced: boolean }
const KINDS: Kind[] = [
  ...["Namespace:namespaces:0", "Secret:secrets:1", "ConfigMap:configmaps:1", "Service:services:1", "ServiceAccount:serviceaccounts:1", "PersistentVolumeClaim:persistentvolumeclaims:1", "PersistentVolume:persistentvolumes:0", "Pod:pods:1"].map((s) => s.split(":")).map(([kind, plural, ns]) => ({ group: "", version: "v1", kind: kind!, plural: plural!, namespaced: ns === "1" })),
  { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true },
  { group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", namespaced: true },
  { group: "batch", version: "v1", kind: "Job", plural: "jobs", namespaced: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", namespaced: false },
  { group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies", namespaced: true },
  { group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions", namespaced: false },
  { group: "argoproj.io", version: "v1alpha1", kind: "Application", plural: "applications", namespaced: true },
  { group: "argoproj.io", version: "v1alpha1", kind: "AppProject", plural: "appprojects", namespaced: true },
  { group: "argoproj.io", version: "v1alpha1", kind: "ApplicationSet", plural: "applicationsets", namespaced: true },
  { group: "gateway.networking.k8s.io", version: "v1", kind: "Gateway", plural: "gateways", namespaced: true },
  { group: "cert-manager.io", version: "v1", kind: "Certificate", plural: "certificates", namespaced: true },
  { group: "keda.sh", version: "v1alpha1", kind: "ScaledObject", plural: "scaledobjects", namespaced: true },
];

export interface FakeKube {
  readonly url: string;
  readonly kubeconfig: string;
  readonly objects: Map<string, any>;
  /** Every mutating request: "PATCH|DELETE <kind> <ns>/<name>" (identical re-applies are not changes). */
  readonly changes: string[];
  /** Child Applications the stand-in creates once the root exists. */
  children: { name: string; wave: number }[];
  /** An Application kept Progressing with a condition and a degraded resource. */
  stuck?: string;
  targets: unknown[];
  get(kind: string, name: string, namespace?: string): any;
  put(obj: any): void;
  close(): Promise<void>;
}

const keyOf = (k: Kind, ns: string | undefined, name: string) => `${k.kind}/${k.namespaced ? ns ?? "default" : ""}/${name}`;
const merge = (a: any, b: any): any => {
  if (Array.isArray(b) || typeof b !== "object" || b === null || typeof a !== "object" || a === null || Array.isArray(a)) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
  return out;
};

export async function startFakeKube(): Promise<FakeKube> {
  const objects = new Map<string, any>();
  const changes: string[] = [];
  let version = 1;
  const fake = { objects, changes, children: [] as { name: string; wave: number }[], stuck: undefined as string | undefined, targets: [] as unknown[] };
  const kindOf = (group: string, plural: string) => KINDS.find((k) => k.group === group && k.plural === plural);
  const store = (k: Kind, obj: any) => objects.set(keyOf(k, obj.metadata.namespace, obj.metadata.name), obj);
  const get = (kind: string, name: string, namespace?: string) => {
    const k = KINDS.find((x) => x.kind === kind)!;
    return objects.get(keyOf(k, namespace, name));
  };

  /** The Argo CD stand-in, run before every request (the controllers' reconcile loops). */
  const reconcile = () => {
    for (const [key, o] of objects) {
      if ((o.kind === "Deployment" || o.kind === "StatefulSet") && !o.status) objects.set(key, { ...o, status: { availableReplicas: o.spec?.replicas ?? 1, readyReplicas: o.spec?.replicas ?? 1 } });
    }
    const apps = [...objects.values()].filter((o) => o.kind === "Application");
    const root = apps.find((a) => a.metadata.name.endsWith("-root"));
    if (root?.metadata.deletionTimestamp) {
      // Cascade: children first, then what they made (load balancer, volumes), then the root.
      const children = apps.filter((a) => a !== root);
      if (children.length) children.forEach((a) => objects.delete(keyOf(KINDS.find((k) => k.kind === "Application")!, "argocd", a.metadata.name)));
      else if ([...objects.values()].some((o) => (o.kind === "Service" && o.spec?.type === "LoadBalancer") || o.kind === "PersistentVolumeClaim" || o.kind === "PersistentVolume")) {
        for (const [k, o] of objects) if ((o.kind === "Service" && o.spec?.type === "LoadBalancer") || o.kind === "PersistentVolumeClaim" || o.kind === "PersistentVolume") objects.delete(k);
      } else objects.delete(keyOf(KINDS.find((k) => k.kind === "Application")!, "argocd", root.metadata.name));
      return;
    }
    if (!root) return;
    const appKind = KINDS.find((k) => k.kind === "Application")!;
    if (!root.status) store(appKind, { ...root, status: { sync: { status: "Synced" }, health: { status: "Healthy" } } });
    for (const c of fake.children) {
      if (!get("Application", c.name, "argocd")) store(appKind, { apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: c.name, namespace: "argocd", annotations: { "argocd.argoproj.io/sync-wave": String(c.wave) } }, status: { sync: { status: "OutOfSync" }, health: { status: "Missing" } } });
    }
    // One wave per tick, as the root's sync waits for each wave's health.
    const pending = fake.children.filter((c) => get("Application", c.name, "argocd")?.status?.health?.status !== "Healthy");
    const wave = Math.min(...pending.map((c) => c.wave));
    for (const c of pending.filter((x) => x.wave === wave)) {
      const app = get("Application", c.name, "argocd");
      if (c.name === fake.stuck) {
        store(appKind, { ...app, status: { sync: { status: "OutOfSync" }, health: { status: "Progressing" }, conditions: [{ type: "SyncError", message: "one or more objects failed to apply: secrets \"hf-token\" not found" }], resources: [{ kind: "StatefulSet", namespace: "vllm", name: "vllm-llama-3-1-8b", health: { status: "Progressing", message: "Waiting for 1 pods to be ready" } }] } });
        continue;
      }
      store(appKind, { ...app, status: { sync: { status: "Synced" }, health: { status: "Healthy" } } });
      if (c.name === "routes") {
        store(KINDS.find((k) => k.kind === "Gateway")!, { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "llm-gateway", namespace: "istio-ingress" }, status: { addresses: [{ type: "IPAddress", value: "203.0.113.10" }], conditions: [{ type: "Programmed", status: "True" }] } });
        store(KINDS.find((k) => k.kind === "Service")!, { apiVersion: "v1", kind: "Service", metadata: { name: "llm-gateway-istio", namespace: "istio-ingress" }, spec: { type: "LoadBalancer" } });
      }
      if (c.name === "vllm") store(KINDS.find((k) => k.kind === "PersistentVolumeClaim")!, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "cache-vllm-llama-3-1-8b-0", namespace: "vllm" }, spec: {} });
    }
  };

  const discovery = (path: string): unknown | undefined => {
    if (path === "/api") return { kind: "APIVersions", versions: ["v1"] };
    if (path === "/apis") return { kind: "APIGroupList", groups: [...new Set(KINDS.filter((k) => k.group).map((k) => `${k.group}/${k.version}`))].map((gv) => ({ name: gv.split("/")[0], versions: [{ groupVersion: gv, version: gv.split("/")[1] }] })) };
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? "";
    const v = m[1] ?? m[3];
    return { kind: "APIResourceList", groupVersion: group ? `${group}/${v}` : v, resources: KINDS.filter((k) => k.group === group && k.version === v).map((k) => ({ name: k.plural, namespaced: k.namespaced, kind: k.kind, verbs: ["get", "list", "patch", "delete", "create"] })) };
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      reconcile();
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const d = discovery(url.pathname);
      if (d) return send(200, d);
      if (/\/services\/kube-prometheus-stack-prometheus:9090\/proxy\/api\/v1\/targets$/.test(url.pathname)) return send(200, { status: "success", data: { activeTargets: fake.targets } });
      const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
      const k = m && kindOf(m[1] ?? "", m[4]!);
      if (!m || !k) return send(404, { kind: "Status", code: 404, message: `no route ${url.pathname}` });
      const ns = m[3];
      const name = m[5];
      const key = name ? keyOf(k, ns, name) : undefined;
      if (req.method === "GET" && !name) return send(200, { kind: `${k.kind}List`, apiVersion: k.group ? `${k.group}/${k.version}` : k.version, items: [...objects.values()].filter((o) => o.kind === k.kind && (!ns || o.metadata.namespace === ns)) });
      const existing = key ? objects.get(key) : undefined;
      if (req.method === "GET") return existing ? send(200, existing) : send(404, { kind: "Status", code: 404, message: `${k.plural} "${name}" not found` });
      if (req.method === "DELETE") {
        if (!existing) return send(404, { kind: "Status", code: 404, message: "not found" });
        changes.push(`DELETE ${k.kind} ${ns ?? ""}/${name}`);
        if (k.kind === "Application" && existing.metadata.finalizers?.length) objects.set(key!, { ...existing, metadata: { ...existing.metadata, deletionTimestamp: new Date().toISOString() } });
        else objects.delete(key!);
        return send(200, { kind: "Status", status: "Success" });
      }
      if (req.method === "PATCH" && /apply-patch/.test(String(req.headers["content-type"]))) {
        const body = JSON.parse(raw);
        if (k.kind === "Secret" && body.stringData) {
          body.data = Object.fromEntries(Object.entries(body.stringData as Record<string, string>).map(([x, v]) => [x, Buffer.from(v).toString("base64")]));
          delete body.stringData;
        }
        const { status, ...current } = existing ?? {};
        const next = merge(existing ? { ...current, metadata: { ...current.metadata } } : {}, body);
        const strip = (o: any) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, uid: undefined, creationTimestamp: undefined } });
        if (existing && JSON.stringify(strip(next)) === JSON.stringify(strip(current))) return send(200, existing);
        const stored = { ...next, metadata: { ...next.metadata, namespace: k.namespaced ? ns : undefined, resourceVersion: String(version++), uid: existing?.metadata?.uid ?? `uid-${version}`, creationTimestamp: existing?.metadata?.creationTimestamp ?? new Date().toISOString() }, ...(status ? { status } : {}) };
        objects.set(key!, stored);
        changes.push(`PATCH ${k.kind} ${ns ?? ""}/${name}`);
        return send(200, stored);
      }
      send(405, { kind: "Status", code: 405, message: `${req.method} not supported by the fake` });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: fake",
    "  cluster:",
    `    server: ${url}`,
    "    insecure-skip-tls-verify: true",
    "users:",
    "- name: fake",
    "  user:",
    "    token: fake-kube-token-not-a-secret",
    "contexts:",
    "- name: fake",
    "  context: {cluster: fake, user: fake}",
    "current-context: fake",
    "",
  ].join("\n");
  return Object.assign(fake, {
    url,
    kubeconfig,
    get,
    put: (obj: any) => store(KINDS.find((k) => k.kind === obj.kind)!, obj),
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
