/**
 * A faithful local stand-in for the OVH API over HTTPS on 127.0.0.1: a certificate made by the test (openssl), every
 * signed call checked exactly as OVH computes the signature ("$1$" + sha1(AS+CK+METHOD+URL+BODY+TS), URL without the
 * port), /auth/time, MKS clusters and node pools that go INSTALLING -> READY over a few polls, DELETING -> gone,
 * per-region flavours, kubeconfigs, DNS zones, and injected faults (429 with Retry-After, 500, a dropped connection,
 * a dropped connection after the change was made).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export interface FakeCluster { id: string; name: string; region: string; version: string; plan: string; status: string; polls: number }
export interface FakePool { id: string; name: string; flavor: string; minNodes: number; maxNodes: number; autoscale: boolean; desiredNodes: number; status: string; polls: number; template: unknown }
export type Fault = { status: number; retryAfter?: number } | { drop: true } | { dropAfter: true };

export interface FakeOvh {
  readonly url: string;
  readonly ca: string;
  readonly credentials: Record<string, string>;
  readonly clusters: Map<string, FakeCluster>;
  readonly pools: Map<string, FakePool[]>;
  readonly records: Map<number, { zone: string; fieldType: string; subDomain: string; target: string; ttl: number }>;
  /** Every call that reached the API logic: "METHOD /path". */
  readonly calls: string[];
  readonly faults: { match: RegExp; fault: Fault }[];
  flavors: Record<string, string[]>;
  kubeconfig: (clusterId: string) => string;
  readonly signatureFailures: number;
  close(): Promise<void>;
}

export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  return { key: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(path.join(dir, "cert.pem"), "utf8") };
}

const READY_AFTER_POLLS = 3;

export async function startFakeOvh(opts: { credentials: Record<string, string>; serviceName: string }): Promise<FakeOvh> {
  const { key, cert } = selfSignedCert();
  let nextId = 1;
  let signatureFailures = 0;
  const state = {
    clusters: new Map<string, FakeCluster>(),
    pools: new Map<string, FakePool[]>(),
    records: new Map<number, { zone: string; fieldType: string; subDomain: string; target: string; ttl: number }>(),
    calls: [] as string[],
    faults: [] as { match: RegExp; fault: Fault }[],
    flavors: { GRA11: ["b3-8", "b3-16", "b3-32", "rtx5000-28", "l40s-90", "l4-90"] } as Record<string, string[]>,
    kubeconfig: (_id: string) => "apiVersion: v1\nkind: Config\nclusters: []\n",
  };
  const sn = opts.serviceName;
  const c = opts.credentials;

  const handle = (method: string, p: string, query: URLSearchParams, body: any): [number, unknown] => {
    const kube = `/1.0/cloud/project/${sn}/kube`;
    if (method === "GET" && p === kube) return [200, [...state.clusters.keys()]];
    if (method === "POST" && p === kube) {
      const id = `kube-${nextId++}`;
      const cl = { id, name: body.name, region: body.region, version: `${body.version}.4-1`, plan: body.plan, status: "INSTALLING", polls: 0 };
      state.clusters.set(id, cl);
      state.pools.set(id, []);
      return [201, { ...cl }];
    }
    if (method === "GET" && p === `/1.0/cloud/project/${sn}/capabilities/kube/flavors`) return [200, (state.flavors[query.get("region") ?? ""] ?? []).map((name) => ({ name, state: "available" }))];
    const m = new RegExp(`^${kube}/([^/]+)(/.*)?$`).exec(p);
    if (m) {
      const cl = state.clusters.get(m[1]!);
      if (!cl) return [404, { message: `cluster ${m[1]} not found` }];
      const rest = m[2] ?? "";
      if (rest === "" && method === "GET") {
        cl.polls += 1;
        if (cl.status === "INSTALLING" && cl.polls >= READY_AFTER_POLLS) cl.status = "READY";
        if (cl.status === "DELETING" && cl.polls >= READY_AFTER_POLLS) {
          state.clusters.delete(cl.id);
          return [404, { message: "gone" }];
        }
        return [200, { ...cl }];
      }
      if (rest === "" && method === "DELETE") {
        cl.status = "DELETING";
        cl.polls = 0;
        return [200, null];
      }
      if (rest === "/kubeconfig" && method === "POST") return [200, { content: state.kubeconfig(cl.id) }];
      const pools = state.pools.get(cl.id)!;
      if (rest === "/nodepool" && method === "GET") {
        for (const pool of pools) if (pool.status !== "READY" && ++pool.polls >= READY_AFTER_POLLS) pool.status = "READY";
        return [200, pools.map((x) => ({ ...x }))];
      }
      if (rest === "/nodepool" && method === "POST") {
        if (pools.some((x) => x.name === body.name)) return [409, { message: `node pool ${body.name} already exists` }];
        const pool = { id: `pool-${nextId++}`, name: body.name, flavor: body.flavorName, minNodes: body.minNodes, maxNodes: body.maxNodes, autoscale: body.autoscale, desiredNodes: body.desiredNodes, status: "INSTALLING", polls: 0, template: body.template };
        pools.push(pool);
        return [201, { ...pool }];
      }
      const pm = /^\/nodepool\/([^/]+)$/.exec(rest);
      if (pm && method === "PUT") {
        const pool = pools.find((x) => x.id === pm[1]);
        if (!pool) return [404, { message: "no such pool" }];
        if ("flavorName" in body || "name" in body) return [400, { message: "flavorName and name cannot be updated" }];
        Object.assign(pool, { minNodes: body.minNodes, maxNodes: body.maxNodes, autoscale: body.autoscale, template: body.template, status: "UPDATING", polls: 0 });
        return [200, null];
      }
    }
    const z = /^\/1\.0\/domain\/zone\/([^/]+)\/(record|refresh)(?:\/(\d+))?$/.exec(p);
    if (z) {
      const [, zone, what, id] = z;
      if (what === "refresh" && method === "POST") return [200, null];
      if (method === "GET" && !id) return [200, [...state.records].filter(([, r]) => r.zone === zone && r.fieldType === query.get("fieldType") && r.subDomain === query.get("subDomain")).map(([k]) => k)];
      if (method === "POST" && !id) {
        const rid = nextId++;
        state.records.set(rid, { zone: zone!, fieldType: body.fieldType, subDomain: body.subDomain, target: body.target, ttl: body.ttl });
        return [200, { id: rid }];
      }
      const r = id ? state.records.get(Number(id)) : undefined;
      if (!r) return [404, { message: "no such record" }];
      if (method === "GET") return [200, { id: Number(id), ...r }];
      if (method === "PUT") {
        r.target = body.target;
        return [200, null];
      }
    }
    return [404, { message: `fake OVH API: no route ${method} ${p}` }];
  };

  const server = https.createServer({ key, cert }, (req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      const method = req.method ?? "GET";
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(body === null ? "" : JSON.stringify(body));
      };
      if (url.pathname === "/1.0/auth/time") return send(200, Math.floor(Date.now() / 1000));
      // The signature, exactly as OVH checks it.
      const ts = String(req.headers["x-ovh-timestamp"] ?? "");
      const expected = "$1$" + createHash("sha1").update([c["appSecret"], c["consumerKey"], method, `https://127.0.0.1${req.url}`, raw, ts].join("+")).digest("hex");
      if (req.headers["x-ovh-application"] !== c["appKey"] || req.headers["x-ovh-consumer"] !== c["consumerKey"] || req.headers["x-ovh-signature"] !== expected || Math.abs(Number(ts) - Date.now() / 1000) > 60) {
        signatureFailures += 1;
        return send(403, { message: "Invalid signature" });
      }
      const call = `${method} ${url.pathname.replace(/^\/1\.0/, "")}`;
      const i = state.faults.findIndex((f) => f.match.test(call));
      const fault = i >= 0 ? state.faults.splice(i, 1)[0]!.fault : undefined;
      if (fault && "status" in fault) return send(fault.status, { message: "injected" }, fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {});
      if (fault && "drop" in fault) return req.socket.destroy();
      state.calls.push(call);
      const [status, body] = handle(method, url.pathname, url.searchParams, raw ? JSON.parse(raw) : {});
      if (fault && "dropAfter" in fault) return req.socket.destroy();
      send(status, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const fake = Object.assign(state, { url: `https://127.0.0.1:${port}/1.0`, ca: cert, credentials: c, close: () => new Promise<void>((r) => server.close(() => r())) });
  Object.defineProperty(fake, "signatureFailures", { get: () => signatureFailures });
  return fake as unknown as FakeOvh;
}
