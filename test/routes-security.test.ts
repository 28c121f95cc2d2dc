/**
 * Routes and security: the rendered edge gives the seed's ingress (TLS + bearer auth) with vLLM's unauthenticated
 * endpoints unreachable from outside; routes resolve; no secret material in the tree; hardening.
 */
import { createPublicKey, verify } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMatrix } from "../generator/matrix/load.js";
import type { RenderedDoc } from "../generator/render/output-file.js";
import { render } from "../generator/render/render.js";
import { validateTree } from "../generator/validate/validate-tree.js";
import { parse } from "yaml";
import { EXAMPLE_CLUSTERS, ROOT, VARIANT_CLUSTERS, cli, exampleClusters, tempDir } from "./helpers.js";

const all = () => [...render(loadMatrix(EXAMPLE_CLUSTERS)).docs, ...render(loadMatrix(VARIANT_CLUSTERS)).docs].map((d) => ({ ...d, data: structuredClone(d.data) as any }));
const of = (docs: readonly RenderedDoc[], cluster: string, kind: string): any[] =>
  docs.filter((d) => d.path.startsWith(`apps/${cluster}/`) && (d.data as any)?.kind === kind).map((d) => d.data);
const one = (docs: readonly RenderedDoc[], cluster: string, kind: string, name?: string): any => {
  const found = of(docs, cluster, kind).filter((o) => !name || o.metadata.name === name);
  expect(found, `${cluster} ${kind} ${name ?? ""}`).toHaveLength(1);
  return found[0];
};

/**
 * Istio's ALLOW semantics for what we render (paths/methods/requestPrincipals/header conditions with exact, prefix
 * `x*`, suffix `*x` and presence `*` matching) and Gateway API path matching: enough to ask "does this request reach
 * vLLM?" of the rendered objects.
 */
const match = (pattern: string, value: string | undefined) =>
  value !== undefined && (pattern === "*" || (pattern.endsWith("*") ? value.startsWith(pattern.slice(0, -1)) : pattern.startsWith("*") ? value.endsWith(pattern.slice(1)) : value === pattern));
/** `principal`: what Istio's RequestAuthentication derived from a token it verified (`iss/sub`); absent otherwise. */
interface Req { method: string; path: string; authorization?: string; principal?: string; port?: number }
function allowedBy(policy: any, req: Req): boolean {
  return policy.spec.rules.some((rule: any) => {
    const from = !rule.from || rule.from.some((f: any) => !f.source.requestPrincipals || f.source.requestPrincipals.some((p: string) => match(p, req.principal)));
    const to =
      !rule.to ||
      rule.to.some(
        (t: any) =>
          (!t.operation.paths || t.operation.paths.some((p: string) => match(p, req.path))) &&
          (!t.operation.methods || t.operation.methods.includes(req.method)) &&
          (!t.operation.ports || t.operation.ports.includes(String(req.port ?? 443))),
      );
    const when = !rule.when || rule.when.every((w: any) => w.key === "request.headers[authorization]" && w.values.some((v: string) => match(v, req.authorization)));
    return from && to && when;
  });
}
const routed = (route: any, path: string) =>
  route.spec.rules.some((r: any) => r.matches.some((m: any) => (m.path.type === "Exact" ? path === m.path.value : path.startsWith(m.path.value))));
const reaches = (docs: readonly RenderedDoc[], cluster: string, req: Req) =>
  (req.port ?? 443) === 443 && routed(one(docs, cluster, "HTTPRoute", "vllm-llama-3-1-8b"), req.path) && allowedBy(one(docs, cluster, "AuthorizationPolicy"), req);
/** The principal of dev's API key once the Gateway verified it against the matrix's JWKS. */
const DEV_KEY = "llm-gitops:dev:api-key/api-key";

describe("edge: the seed's ingress (TLS + bearer auth) for dev", () => {
  it("has an Istio Gateway with an HTTPS listener per model hostname, certificates from the cluster's ClusterIssuer", () => {
    const docs = all();
    const gw = one(docs, "dev", "Gateway");
    expect(gw.spec.gatewayClassName).toBe("istio");
    expect(gw.metadata.annotations["cert-manager.io/cluster-issuer"]).toBe("letsencrypt-staging");
    const https = gw.spec.listeners.find((l: any) => l.protocol === "HTTPS");
    expect(https).toMatchObject({ port: 443, hostname: "llama-3-1-8b.dev.llm.example.com", tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "llama-3-1-8b-tls" }] } });
    expect(one(docs, "prod", "Gateway").metadata.annotations["cert-manager.io/cluster-issuer"]).toBe("letsencrypt-production");
  });

  it("redirects HTTP to HTTPS and solves HTTP-01 through the Gateway's HTTP listener with the matrix's ACME e-mail", () => {
    const docs = all();
    const redirect = one(docs, "dev", "HTTPRoute", "https-redirect");
    expect(redirect.spec.parentRefs[0]).toMatchObject({ name: "llm-gateway", sectionName: "http" });
    expect(redirect.spec.rules[0].filters).toEqual([{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }]);
    const issuers = of(docs, "dev", "ClusterIssuer");
    expect(issuers.map((i) => i.metadata.name).sort()).toEqual(["letsencrypt-production", "letsencrypt-staging"]);
    for (const i of issuers) {
      expect(i.spec.acme.email).toBe("platform-team@example.com");
      expect(i.spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0]).toMatchObject({ kind: "Gateway", name: "llm-gateway", namespace: "istio-ingress", sectionName: "http" });
    }
  });

  it.each([
    ["POST", "/v1/chat/completions", DEV_KEY, true],
    ["GET", "/v1/models", DEV_KEY, true],
    // A Bearer header that is not the cluster's key verifies to no principal: refused at the edge, it cannot wake a GPU.
    ["POST", "/v1/chat/completions", undefined, false],
    ["GET", "/health", undefined, false],
    ["GET", "/health", DEV_KEY, false],
    ["POST", "/tokenize", DEV_KEY, false],
    ["POST", "/detokenize", DEV_KEY, false],
    ["GET", "/metrics", DEV_KEY, false],
    ["POST", "/pause", DEV_KEY, false],
    ["GET", "/version", undefined, false],
    ["GET", "/docs", undefined, false],
    ["GET", "/openapi.json", undefined, false],
  ] as const)("api-key mode: %s %s as principal %s reaches vLLM: %s", (method, path, principal, expected) => {
    expect(reaches(all(), "dev", { method, path, authorization: "Bearer x", ...(principal ? { principal } : {}) })).toBe(expected);
  });

  it("verifies the API key at the edge against the matrix's public JWKS and forwards it for vLLM to check again", () => {
    const docs = all();
    const ra = one(docs, "dev", "RequestAuthentication");
    expect(ra.spec.jwtRules).toHaveLength(1);
    expect(ra.spec.jwtRules[0]).toMatchObject({ issuer: "llm-gitops:dev:api-key", forwardOriginalToken: true });
    expect(JSON.parse(ra.spec.jwtRules[0].jwks).keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
    expect(JSON.parse(ra.spec.jwtRules[0].jwks).keys[0].d).toBeUndefined();
    const api = one(docs, "dev", "AuthorizationPolicy").spec.rules[0];
    expect(api).toEqual({ from: [{ source: { requestPrincipals: ["llm-gitops:dev:api-key/*"] } }], to: [{ operation: { paths: ["/v1/*"] } }] });
  });

  it("GIVEN npm run api-key WHEN it makes a key THEN the token file is 0600 outside the repo, never printed, and verifies against the printed JWKS", () => {
    const dir = tempDir();
    const file = path.join(dir, "dev.api-key");
    const result = cli("api-key", "dev", "--out", file);
    expect(result.code, result.err).toBe(0);
    const token = readFileSync(file, "utf8");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(result.out).not.toContain(token);
    expect(result.out).not.toContain(token.split(".")[2]);
    const jwks = JSON.parse(/jwks: '(.*)'/.exec(result.out)![1]!);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(payload, "base64url").toString())).toMatchObject({ iss: "llm-gitops:dev:api-key", sub: "api-key" });
    const key = createPublicKey({ key: jwks.keys[0], format: "jwk" });
    expect(verify("sha256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"))).toBe(true);
    // A second run does not silently replace a key; inside a git checkout it refuses to write at all.
    expect(cli("api-key", "dev", "--out", file).code).toBe(2);
    expect(cli("api-key", "dev", "--out", path.join(ROOT, "dev.api-key")).err).toMatch(/is inside the git checkout/);
  });

  it("answers GET /healthz on every model host from the gateway's own status port, and lets plain HTTP reach the redirect", () => {
    const docs = all();
    const health = one(docs, "dev", "HTTPRoute", "gateway-health");
    expect(health.spec.rules).toEqual([
      {
        matches: [{ path: { type: "Exact", value: "/healthz" }, method: "GET" }],
        filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplaceFullPath", replaceFullPath: "/healthz/ready" } } }],
        backendRefs: [{ group: "", kind: "Service", name: "llm-gateway-istio", port: 15021 }],
      },
    ]);
    const policy = one(docs, "dev", "AuthorizationPolicy");
    expect(allowedBy(policy, { method: "GET", path: "/healthz" })).toBe(true);
    // Port 80 carries only the HTTPS redirect and the ACME solver: a plain request gets the 301, not 403.
    expect(allowedBy(policy, { method: "POST", path: "/v1/chat/completions", port: 80 })).toBe(true);
    expect(reaches(docs, "dev", { method: "POST", path: "/v1/chat/completions", port: 80, principal: DEV_KEY })).toBe(false);
  });

  it("keeps the API key on vLLM (which checks it) and out of every rendered object", () => {
    const docs = all();
    const env = one(docs, "dev", "StatefulSet").spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === "VLLM_API_KEY")).toEqual({ name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: "vllm-api-key", key: "api-key" } } });
    expect(of(docs, "dev", "Secret")).toEqual([]);
  });

  it("requires the Hugging Face token for a gated model (prod's meta-llama) and keeps it optional otherwise", () => {
    const docs = all();
    const hf = (cluster: string) => one(docs, cluster, "StatefulSet").spec.template.spec.containers[0].env.find((e: any) => e.name === "HF_TOKEN");
    expect(hf("prod")).toEqual({ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf-token", key: "token" } } });
    expect(hf("dev").valueFrom.secretKeyRef.optional).toBe(true);
  });

  it("runs two gateway pods with a PodDisruptionBudget where the GPU pool never drains (prod), one where it scales to zero (dev)", () => {
    const docs = all();
    const prod = one(docs, "prod", "Gateway");
    expect(prod.spec.infrastructure).toEqual({ parametersRef: { group: "", kind: "ConfigMap", name: "llm-gateway-options" } });
    const options = one(docs, "prod", "ConfigMap", "llm-gateway-options");
    expect(parse(options.data.deployment)).toEqual({ spec: { replicas: 2 } });
    expect(parse(options.data.podDisruptionBudget)).toEqual({ spec: { minAvailable: 1 } });
    expect(one(docs, "dev", "Gateway").spec.infrastructure).toBeUndefined();
    // Argo CD's Gateway health waits for certificates, which wait for DNS: the routes Application must not stall on it.
    expect(prod.metadata.annotations["argocd.argoproj.io/ignore-healthcheck"]).toBe("true");
  });
});

describe("edge: JWT mode (variant jwt)", () => {
  it("validates tokens from the matrix's issuer and JWKS and requires a principal from that issuer on /v1/*", () => {
    const docs = all();
    const ra = one(docs, "jwt", "RequestAuthentication");
    expect(reaches(docs, "jwt", { method: "GET", path: "/health" })).toBe(false);
    expect(ra.spec.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "llm-gateway" }]);
    expect(ra.spec.jwtRules).toEqual([{ issuer: "https://auth.example.com/realms/llm", jwksUri: "https://auth.example.com/realms/llm/protocol/openid-connect/certs", audiences: ["llm-gateway"], forwardOriginalToken: false }]);
    const ok = { method: "POST", path: "/v1/chat/completions", principal: "https://auth.example.com/realms/llm/user-1" };
    expect(reaches(docs, "jwt", ok)).toBe(true);
    expect(reaches(docs, "jwt", { ...ok, principal: undefined } as Req)).toBe(false);
    expect(reaches(docs, "jwt", { ...ok, principal: "https://evil.example.com/x" })).toBe(false);
    expect(reaches(docs, "jwt", { ...ok, path: "/tokenize" })).toBe(false);
    const env = one(docs, "jwt", "StatefulSet", "vllm-llama-3-1-8b").spec.template.spec.containers[0].env;
    expect(env.map((e: any) => e.name)).not.toContain("VLLM_API_KEY");
  });
});

describe("routes resolve (check: routes)", () => {
  it("every HTTPRoute's backend exists in the rendered tree, or as a chart Service behind a ReferenceGrant", () => {
    const docs = all();
    expect(validateTree(docs, {}).findings).toEqual([]);
    const route = one(docs, "http-addon", "HTTPRoute", "vllm-llama-3-1-8b");
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: "", kind: "Service", name: "keda-add-ons-http-interceptor-proxy", namespace: "keda", port: 8080 }]);
    expect(one(docs, "http-addon", "ReferenceGrant").spec).toEqual({
      from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "vllm" }],
      to: [{ group: "", kind: "Service", name: "keda-add-ons-http-interceptor-proxy" }],
    });
    expect(route.spec.rules[0].timeouts.request).toBe("2760s");
    expect(one(docs, "dev", "HTTPRoute", "vllm-llama-3-1-8b").spec.rules[0].backendRefs).toEqual([{ group: "", kind: "Service", name: "vllm-llama-3-1-8b", port: 8080 }]);
  });

  const findingsAfter = (mutate: (docs: any[]) => void) => {
    const docs = all();
    mutate(docs);
    return validateTree(docs, {}).findings.filter((f) => f.check === "routes").map((f) => f.message);
  };
  const route = (docs: any[], cluster: string) => docs.find((d) => d.path === `apps/${cluster}/manifests/routes/httproute-vllm-vllm-llama-3-1-8b.yaml`).data;

  it("catches a backend Service name or port that does not exist", () => {
    expect(findingsAfter((docs) => (route(docs, "dev").spec.rules[0].backendRefs[0].name = "vllm-llama"))).toEqual([expect.stringMatching(/backend Service vllm\/vllm-llama exists neither in the tree nor as a chart Service/)]);
    expect(findingsAfter((docs) => (route(docs, "dev").spec.rules[0].backendRefs[0].port = 8000))).toEqual([expect.stringMatching(/has no port 8000 \(has 8080, 8081\)/)]);
  });

  it("catches an InterceptorRoute whose target port does not exist on the model's Service", () => {
    expect(findingsAfter((docs) => (docs.find((d) => d.path.startsWith("apps/http-addon/") && d.data?.kind === "InterceptorRoute").data.spec.target.portName = "api"))).toEqual([
      expect.stringMatching(/InterceptorRoute vllm-llama-3-1-8b: target Service vllm\/vllm-llama-3-1-8b has no port api/),
    ]);
  });

  it("catches a cross-namespace backend without a ReferenceGrant, and a listener that does not admit the route", () => {
    expect(findingsAfter((docs) => docs.splice(docs.findIndex((d) => d.path.startsWith("apps/http-addon/") && d.data?.kind === "ReferenceGrant"), 1))).toEqual([
      expect.stringMatching(/backend keda\/keda-add-ons-http-interceptor-proxy is in another namespace and no ReferenceGrant in keda allows HTTPRoutes from vllm/),
    ]);
    expect(findingsAfter((docs) => (route(docs, "dev").spec.parentRefs[0].sectionName = "http"))).toEqual([expect.stringMatching(/listener http of Gateway istio-ingress\/llm-gateway does not admit routes from namespace vllm/)]);
  });
});

describe("no secret material in the tree (check: secrets)", () => {
  const scan = (mutate: (docs: any[]) => void) => {
    const docs = all();
    mutate(docs);
    return validateTree(docs, {}).findings.filter((f) => f.check === "secrets");
  };
  const values = (docs: any[]) => docs.find((d) => d.path === "values/dev/kube-prometheus-stack.yaml").data;

  it("passes the clean example and variant trees", () => {
    expect(scan(() => {})).toEqual([]);
  });

  it.each([
    ["a Secret with data", (docs: any[]) => docs.push({ path: "apps/dev/manifests/vllm/secret-vllm-api-key.yaml", data: { apiVersion: "v1", kind: "Secret", metadata: { name: "vllm-api-key", namespace: "vllm" }, stringData: { "api-key": "x" } } }), /a Secret with data/],
    ["a PEM private key in values", (docs: any[]) => (values(docs).grafana.extraCert = "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----"), /grafana\.extraCert: looks like a PEM private key/],
    ["a Bearer token in a KEDA trigger", (docs: any[]) => (docs.find((d) => d.path.startsWith("apps/dev/manifests/vllm/scaledobject-")).data.spec.triggers[0].metadata.customHeaders = "Authorization=Bearer abcdefghijklmnopqrstuvwxyz012345"), /customHeaders: looks like a Bearer token/],
    ["a JWT in a dashboard", (docs: any[]) => (docs.find((d) => d.path === "dashboards/dev/vllm-overview.json").data.description = "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"), /description: looks like a JSON Web Token/],
    ["a Hugging Face token in an env value", (docs: any[]) => (docs.find((d) => d.path.includes("statefulset-vllm")).data.spec.template.spec.containers[0].env[1] = { name: "HF_TOKEN", value: "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH" }), /env\[1\]\.value: looks like a Hugging Face token/],
    ["a literal password in values", (docs: any[]) => (values(docs).grafana.adminPassword = "prom-operator"), /grafana\.adminPassword: a literal credential value/],
    ["a password in a repository URL", (docs: any[]) => (docs.find((d) => d.path === "apps/dev/root.yaml").data.spec.source.repoURL = "https://deploy:hunter22@git.example.com/platform/llm-gitops.git"), /repoURL: looks like a password in a URL/],
    ["an AWS key id inside a sentence", (docs: any[]) => (values(docs).grafana.extraNote = "rotate AKIAABCDEFGHIJKLMNOP before friday"), /grafana\.extraNote: looks like an AWS access key id/],
  ])("catches %s", (_what, plant, expected) => {
    const findings = scan(plant as (docs: any[]) => void);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(expected);
  });

  it("catches the same credential in every place it appears (clean strings are remembered, credentials never)", () => {
    const token = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
    const findings = scan((docs) => {
      values(docs).grafana.extraNote = token;
      docs.find((d) => d.path === "dashboards/dev/vllm-overview.json").data.description = token;
    });
    expect(findings.map((f) => f.path).sort()).toEqual(["dashboards/dev/vllm-overview.json", "values/dev/kube-prometheus-stack.yaml"]);
  });
});

describe("hardening", () => {
  it("keeps Grafana, Prometheus, Alertmanager and Argo CD cluster-internal (no Ingress, no LoadBalancer)", () => {
    const docs = all();
    const v = (p: string) => docs.find((d) => d.path === p)!.data;
    const kps = v("values/dev/kube-prometheus-stack.yaml");
    expect([kps.prometheus.service.type, kps.alertmanager.service.type]).toEqual(["ClusterIP", "ClusterIP"]);
    expect([kps.prometheus.ingress.enabled, kps.alertmanager.ingress.enabled, kps.grafana.ingress.enabled]).toEqual([false, false, false]);
    const argo = v("values/dev/argo-cd.yaml");
    expect(argo.server).toMatchObject({ service: { type: "ClusterIP" }, ingress: { enabled: false } });
    const exposed = docs.filter((d) => d.data?.kind === "Service" && ["LoadBalancer", "NodePort"].includes(d.data.spec?.type));
    expect(exposed).toEqual([]);
  });

  it("lets vLLM pods accept traffic only from the gateway, the interceptor (http-addon) and the scraper", () => {
    const docs = all();
    const policies = of(docs, "dev", "NetworkPolicy");
    expect(policies.find((p) => p.metadata.name === "default-deny-ingress").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
    const from = (cluster: string) => of(docs, cluster, "NetworkPolicy").find((p) => p.metadata.name !== "default-deny-ingress").spec.ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]);
    expect(from("dev")).toEqual(["istio-ingress", "monitoring"]);
    expect(from("http-addon")).toEqual(["istio-ingress", "keda", "monitoring"]);
    expect(from("signoz")).toEqual(["istio-ingress", "signoz"]);
  });

  it("runs vLLM without privilege escalation or API token, with requests and limits", () => {
    const docs = all();
    for (const cluster of ["dev", "prod", "http-addon", "schedule", "signoz", "jwt"]) {
      const pod = of(docs, cluster, "StatefulSet")[0].spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        expect(Object.keys(c.resources.requests)).toEqual(expect.arrayContaining(["cpu", "memory", "nvidia.com/gpu"]));
        expect(Object.keys(c.resources.limits)).toEqual(expect.arrayContaining(["memory", "nvidia.com/gpu"]));
      }
    }
  });

  it("sets resource requests and limits for every chart component the project sizes", () => {
    const docs = all();
    const resources: string[] = [];
    // A resources block is {requests, limits}; KEDA nests one per component; a PVC template's {requests: {storage}} is not one.
    const walk = (v: any, path: string): void => {
      if (!v || typeof v !== "object" || Array.isArray(v)) return;
      if (v.requests?.cpu || v.requests?.memory) {
        resources.push(path);
        expect(v, path).toMatchObject({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
        return;
      }
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    for (const d of docs.filter((x) => x.path.startsWith("values/dev/"))) walk(d.data, d.path);
    expect(resources.length).toBeGreaterThanOrEqual(15);
  });
});

describe("cluster README (apps/<cluster>/README.md)", () => {
  const readme = (cluster: string) => all().find((d) => d.path === `apps/${cluster}/README.md`)!.data as string;

  it("explains waves, the GPU pool contract, endpoint, fit, scaling, cold start by step, timeouts and cost with the rendered numbers", () => {
    const dev = readme("dev");
    expect(dev.startsWith("<!-- Generated by llm-gitops from clusters/dev.yaml.")).toBe(true);
    expect(dev).toMatch(/\| 50 \| `gpu-operator` \|\n\| 60 \| `keda` \|\n\| 70 \| `routes` \|\n\| 80 \| `vllm` \|/);
    expect(dev).toMatch(/pool name `gpu`, node label `nodepool=gpu`, taint\s+`nvidia\.com\/gpu=present:NoSchedule`/);
    expect(dev).toContain("Endpoint: `https://llama-3-1-8b.dev.llm.example.com/v1`");
    expect(dev).toMatch(/weights 5\.4 GiB \+ KV cache 1\.0 GiB for 8192 tokens = 6\.4 GiB of\s+14\.4 GiB usable/);
    expect(dev).toMatch(/first request after idle gets 503/);
    expect(dev).toMatch(/Cold start from zero replicas \(the GPU pool is at 0 nodes\): about \*\*1222 s\*\*/);
    expect(dev).toMatch(/\| OVH GPU node until Ready \| 600 \| EST 10 min; OVH: may take more than an hour \|/);
    expect(dev).toMatch(/startup probe 600 s; Gateway route 600 s/);
    expect(dev).toMatch(/retries with backoff for up to 2160 s/);
    expect(readme("http-addon")).toMatch(/Gateway route 2760 s, of which the HTTP interceptor holds a request up to 2160 s/);
    expect(readme("prod")).toMatch(/at least 730 node-hours a month kept warm ≈ €1022\/month/);
    // prod's pool keeps a node: no node, driver or image step for its first replica.
    expect(readme("prod")).not.toMatch(/\| OVH GPU node until Ready \|/);
    expect(readme("schedule")).toMatch(/2026-12-08 Immaculate Conception/);
    expect(readme("schedule")).toMatch(/warm-up 1860 s before business hours/);
  });

  it("says which Secrets to create and how, without any value", () => {
    expect(readme("dev")).toContain("kubectl -n vllm create secret generic vllm-api-key --from-file=api-key=$HOME/.config/llm-gitops/dev.api-key");
    expect(readme("dev")).toMatch(/\| `vllm` \| `vllm-api-key` \| api-key \| vLLM's API key/);
    expect(readme("dev")).toMatch(/\| `vllm` \| `hf-token` \| token \| Hugging Face access token \(optional/);
    expect(readme("prod")).toMatch(/\| `vllm` \| `hf-token` \| token \| Hugging Face access token — \*\*required\*\*: meta-llama\/Llama-3\.1-8B-Instruct is gated/);
    const jwt = readme("jwt");
    expect(jwt).not.toContain("vllm-api-key");
    expect(jwt).toContain("`secrets.createdBy: external`");
    expect(jwt).not.toContain("kubectl -n vllm create secret");
    expect(jwt).toMatch(/\| `monitoring` \| `grafana-admin` \| admin-user, admin-password \| Grafana admin login \|/);
    expect(readme("signoz")).not.toContain("grafana-admin");
  });

  it("is scanned for secrets like every generated file", () => {
    const docs = all();
    const doc = docs.find((d) => d.path === "apps/dev/README.md")!;
    doc.data = `${doc.data as string}\nexport HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\n`;
    expect(validateTree(docs, {}).findings).toEqual([expect.objectContaining({ path: "apps/dev/README.md", check: "secrets", message: "looks like a Hugging Face token" })]);
  });
});

describe("edge without TLS (tls.enabled: false, e.g. a test cluster behind another proxy)", () => {
  it("renders one HTTP listener that admits the model routes, no issuers, no redirect, and needs no ACME e-mail", () => {
    const clusters = exampleClusters();
    const dev = path.join(clusters, "dev.yaml");
    writeFileSync(dev, readFileSync(dev, "utf8").replace("acme:\n  email: platform-team@example.com\n", "tls:\n  enabled: false\n  issuer: letsencrypt-staging\n"));
    const docs = render(loadMatrix(clusters)).docs;
    const gw = one(docs, "dev", "Gateway");
    expect(gw.metadata.annotations["cert-manager.io/cluster-issuer"]).toBeUndefined();
    expect(gw.spec.listeners).toEqual([
      { name: "http", protocol: "HTTP", port: 80, hostname: "*.dev.llm.example.com", allowedRoutes: { namespaces: { from: "Selector", selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["vllm", "istio-ingress"] }] } } } },
    ]);
    expect(one(docs, "dev", "HTTPRoute", "vllm-llama-3-1-8b").spec.parentRefs[0].sectionName).toBe("http");
    expect(of(docs, "dev", "ClusterIssuer")).toEqual([]);
    expect(one(docs, "dev", "AuthorizationPolicy").spec.rules).toHaveLength(2);
    expect(validateTree(docs, {}).findings).toEqual([]);
  });
});
