/**
 * Bootstrap, verify and destroy against the fakes: an OVH API over HTTPS on 127.0.0.1 (signatures checked, state
 * machines, injected faults), a Kubernetes API server with an Argo CD stand-in, and the real helm rendering the pinned
 * argo-cd archive from ../shared/charts. Every cloud and cluster object is created exactly once, a second run changes
 * nothing, verify reports each check, destroy removes what bootstrap made.
 */
import { execFile, spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootstrap, type CloudDeps } from "../generator/cloud/bootstrap.js";
import { destroy } from "../generator/cloud/destroy.js";
import { kubeApi } from "../generator/cloud/kube.js";
import { ovhApi } from "../generator/cloud/ovh-client.js";
import { checksTable, verify } from "../generator/cloud/verify.js";
import { loadMatrix } from "../generator/matrix/load.js";
import { planCluster } from "../generator/plan/cluster-plan.js";
import { render } from "../generator/render/render.js";
import { CHART_CACHE, HELM, RENDER_SKIP, ROOT, cli, tempDir } from "./helpers.js";
import { startFakeKube, type FakeKube } from "./fakes/fake-kube.js";
import { startFakeOvh, type FakeOvh } from "./fakes/fake-ovh.js";

const SKIP = RENDER_SKIP;
const SN = "project-1234";
const CREDS = { appKey: "ak-test", appSecret: "as-test-secret", consumerKey: "ck-test" };
const MUTATING = /^(POST|PUT|DELETE) /;

interface World {
  repo: string;
  ovh: FakeOvh;
  kube: FakeKube;
  logs: string[];
  sleeps: number[];
  deps: CloudDeps;
  env: NodeJS.ProcessEnv;
  kubeconfigFile: string;
  token: string;
}

const sh: CloudDeps["sh"] = (command, args, options) =>
  new Promise((resolve) => execFile(command, [...args], { cwd: options?.cwd, maxBuffer: 64 * 1024 * 1024 }, (e, stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr })));

async function world(edit?: (dev: string) => string): Promise<World> {
  const repo = tempDir("llm-gitops-repo-");
  for (const dir of ["clusters", "values", "apps"]) cpSync(path.join(ROOT, dir), path.join(repo, dir), { recursive: true });
  const defaults = path.join(repo, "clusters/defaults.yaml");
  writeFileSync(defaults, readFileSync(defaults, "utf8").replace("https://github.com/example-org/llm-gitops.git", "https://github.com/acme/llm-gitops.git"));
  // Our own API key: the example's JWKS has no private half.
  const keyFile = path.join(tempDir("llm-gitops-key-"), "dev.api-key");
  const made = cli("api-key", "dev", "--out", keyFile);
  const jwks = /jwks: '(.*)'/.exec(made.out)![1]!;
  const devFile = path.join(repo, "clusters/dev.yaml");
  let dev = readFileSync(devFile, "utf8").replace(/jwks: '.*'/, `jwks: '${jwks}'`);
  if (edit) dev = edit(dev);
  writeFileSync(devFile, dev);
  const ovh = await startFakeOvh({ credentials: CREDS, serviceName: SN });
  const kube = await startFakeKube();
  ovh.kubeconfig = () => kube.kubeconfig;
  const plan = planCluster(loadMatrix(path.join(repo, "clusters")).clusters.find((c) => c.name === "dev")!);
  kube.children = render({ clusters: [{ name: "dev", config: plan.config }] })
    .docs.filter((d) => d.path.startsWith("apps/dev/applications/") && (d.data as any).kind === "Application")
    .map((d) => ({ name: (d.data as any).metadata.name, wave: Number((d.data as any).metadata.annotations["argocd.argoproj.io/sync-wave"]) }));
  kube.targets = [{ labels: { namespace: "gpu-operator", job: "nvidia-dcgm-exporter" }, health: "up" }];
  https.globalAgent.options.ca = ovh.ca;
  const logs: string[] = [];
  const sleeps: number[] = [];
  let clock = 0;
  const env = { OVH_ENDPOINT: ovh.url, OVH_APPLICATION_KEY: CREDS.appKey, OVH_APPLICATION_SECRET: CREDS.appSecret, OVH_CONSUMER_KEY: CREDS.consumerKey, OVH_CLOUD_PROJECT_SERVICE: SN, LLM_GITOPS_API_KEY_FILE: keyFile };
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock += ms;
  };
  const log = (l: string) => logs.push(l);
  const deps: CloudDeps = {
    env,
    ovh: (c, dryRun) => ovhApi(c, { dryRun, log, retry: { attempts: 7, baseMs: 1000, maxMs: 30_000, random: () => 0.5, sleep } }),
    kube: (kc, dryRun) => kubeApi(kc, { dryRun, log }),
    sh,
    sleep,
    now: () => clock,
    log,
    progress: { line: log, done: log },
    repoRoot: repo,
  };
  return { repo, ovh, kube, logs, sleeps, deps, env, kubeconfigFile: path.join(tempDir("llm-gitops-kube-"), "dev.yaml"), token: readFileSync(keyFile, "utf8") };
}

const options = (w: World, more: Partial<Parameters<typeof bootstrap>[0]> = {}) => ({ cluster: "dev", kubeconfig: w.kubeconfigFile, chartCache: CHART_CACHE!, helm: HELM!, timeoutMinutes: 60, pollSeconds: 10, dryRun: false, ...more });

describe.skipIf(SKIP !== "")(`bootstrap against a fake OVH API and Kubernetes API${SKIP ? ` — ${SKIP}` : ""}`, () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(async () => {
    await w.ovh.close();
    await w.kube.close();
  });

  it("GIVEN a fresh project WHEN bootstrapping THEN it creates the cluster, both pools with the GPU pool contract, the kubeconfig (0600), the Secrets, Argo CD and the root, each exactly once", async () => {
    expect(await bootstrap(options(w), w.deps)).toBe(0);
    const mutating = w.ovh.calls.filter((c) => MUTATING.test(c));
    expect(mutating.filter((c) => c !== "POST /cloud/project/project-1234/kube/kube-1/kubeconfig")).toEqual([
      "POST /cloud/project/project-1234/kube",
      "POST /cloud/project/project-1234/kube/kube-1/nodepool",
      "POST /cloud/project/project-1234/kube/kube-1/nodepool",
    ]);
    const pools = w.ovh.pools.get("kube-1")!;
    expect(pools.map((p) => [p.name, p.flavor, p.minNodes, p.maxNodes])).toEqual([["cpu", "b3-16", 2, 4], ["gpu", "rtx5000-28", 0, 2]]);
    expect(pools[1]!.template).toMatchObject({ metadata: { labels: { nodepool: "gpu" } }, spec: { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] } });
    expect(w.ovh.clusters.get("kube-1")).toMatchObject({ name: "dev", region: "GRA11", plan: "free", status: "READY" });
    expect(w.ovh.signatureFailures).toBe(0);
    expect(statSync(w.kubeconfigFile).mode & 0o777).toBe(0o600);
    // Secrets: the verified API key token, a generated Grafana password; no HF token for dev's public model.
    const key = w.kube.get("Secret", "vllm-api-key", "vllm");
    expect(Buffer.from(key.data["api-key"], "base64").toString()).toBe(w.token);
    expect(Buffer.from(w.kube.get("Secret", "grafana-admin", "monitoring").data["admin-password"], "base64").toString()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(w.kube.get("Secret", "hf-token", "vllm")).toBeUndefined();
    // Argo CD from the pinned chart (helm template with the argo-cd Application's values), then the root.
    expect(w.kube.get("Deployment", "argocd-server", "argocd").metadata.labels["app.kubernetes.io/instance"]).toBe("argocd");
    expect(w.kube.get("ConfigMap", "argocd-cm", "argocd").data["resource.customizations.health.argoproj.io_Application"]).toContain('sync ~= "Synced"');
    expect(w.kube.get("Application", "dev-root", "argocd").spec.source.repoURL).toBe("https://github.com/acme/llm-gitops.git");
    // Every object was applied once.
    expect(new Set(w.kube.changes).size).toBe(w.kube.changes.length);
    const out = w.logs.join("\n");
    expect(out).toMatch(/all 11 Applications Synced and Healthy/);
    expect(out).toMatch(/DNS: create llama-3-1-8b\.dev\.llm\.example\.com A 203\.0\.113\.10/);
    expect(out).toMatch(/API base URL \(llama-3-1-8b\): https:\/\/llama-3-1-8b\.dev\.llm\.example\.com\/v1/);
    expect(out).toMatch(/Client timeout for llama-3-1-8b: at least 600 s, retrying 503s with backoff for up to 2160 s/);
  });

  it("GIVEN a bootstrapped cluster WHEN running it again THEN nothing changes, at OVH or on the cluster", async () => {
    await bootstrap(options(w), w.deps);
    const ovhBefore = w.ovh.calls.filter((c) => MUTATING.test(c) && !c.endsWith("/kubeconfig")).length;
    const kubeBefore = w.kube.changes.length;
    const secret = JSON.stringify(w.kube.get("Secret", "grafana-admin", "monitoring"));
    expect(await bootstrap(options(w), w.deps)).toBe(0);
    expect(w.ovh.calls.filter((c) => MUTATING.test(c) && !c.endsWith("/kubeconfig")).length).toBe(ovhBefore);
    expect(w.kube.changes.slice(kubeBefore)).toEqual([]);
    expect(JSON.stringify(w.kube.get("Secret", "grafana-admin", "monitoring"))).toBe(secret);
    expect(w.logs.join("\n")).toMatch(/Secret monitoring\/grafana-admin \(Grafana admin login\): exists, left as it is/);
  });

  it("GIVEN a kill after the cluster was created WHEN running again THEN it resumes and creates nothing twice", async () => {
    let polls = 0;
    const killing = { ...w.deps, sleep: async () => void (++polls === 2 && (() => { throw new Error("killed") })()) };
    await expect(bootstrap(options(w), killing)).rejects.toThrow("killed");
    expect(w.ovh.clusters.size).toBe(1);
    expect(await bootstrap(options(w), w.deps)).toBe(0);
    expect(w.ovh.calls.filter((c) => c === "POST /cloud/project/project-1234/kube")).toHaveLength(1);
    expect(w.ovh.pools.get("kube-1")).toHaveLength(2);
  });

  it("GIVEN 429 with Retry-After, a 500, a dropped connection, and a create whose response was lost WHEN bootstrapping THEN it retries, waits as told, and creates the cluster once", async () => {
    w.ovh.faults.push({ match: /^GET \/cloud\/project\/project-1234\/kube$/, fault: { status: 429, retryAfter: 7 } }, { match: /^GET \/cloud\/project\/project-1234\/capabilities/, fault: { status: 500 } }, { match: /nodepool$/, fault: { drop: true } }, { match: /^POST \/cloud\/project\/project-1234\/kube$/, fault: { dropAfter: true } });
    expect(await bootstrap(options(w), w.deps)).toBe(0);
    expect(w.sleeps).toContain(7000);
    expect(w.ovh.clusters.size).toBe(1);
    expect(w.logs.join("\n")).toMatch(/retrying in 7\.0 s/);
  });

  it("GIVEN pool drift WHEN bootstrapping THEN min/max are updated in place, and a flavour change is refused with the way out", async () => {
    await bootstrap(options(w), w.deps);
    const devFile = path.join(w.repo, "clusters/dev.yaml");
    writeFileSync(devFile, readFileSync(devFile, "utf8").replace("    max: 2\n    autoscale: true", "    max: 3\n    autoscale: true"));
    expect(await bootstrap(options(w), w.deps)).toBe(0);
    expect(w.ovh.calls.filter((c) => c.startsWith("PUT "))).toEqual([`PUT /cloud/project/${SN}/kube/kube-1/nodepool/${w.ovh.pools.get("kube-1")![1]!.id}`]);
    expect(w.ovh.pools.get("kube-1")![1]!.maxNodes).toBe(3);
    writeFileSync(devFile, readFileSync(devFile, "utf8").replace("flavor: rtx5000-28", "flavor: l40s-90").replace("maxModelLen: 8192", "maxModelLen: 8192"));
    await expect(bootstrap(options(w), w.deps)).rejects.toThrow(/node pool gpu runs rtx5000-28, the matrix says l40s-90: OVH cannot change a pool's flavour in place.*nodePools\.gpu\.name/);
  });

  it("GIVEN --dry-run on a fresh project THEN it prints the calls it would make and makes none", async () => {
    expect(await bootstrap(options(w, { dryRun: true }), w.deps)).toBe(0);
    expect(w.ovh.calls.filter((c) => MUTATING.test(c))).toEqual([]);
    expect(w.logs.join("\n")).toMatch(/dry-run: would call OVH POST \/cloud\/project\/project-1234\/kube \{"name":"dev","region":"GRA11"/);
  });

  it("GIVEN --dry-run on a bootstrapped cluster THEN nothing changes on it", async () => {
    await bootstrap(options(w), w.deps);
    const before = w.kube.changes.length;
    const calls = w.ovh.calls.filter((c) => MUTATING.test(c) && !c.endsWith("/kubeconfig")).length;
    expect(await bootstrap(options(w, { dryRun: true }), w.deps)).toBe(0);
    expect(w.kube.changes.length).toBe(before);
    expect(w.ovh.calls.filter((c) => MUTATING.test(c) && !c.endsWith("/kubeconfig")).length).toBe(calls);
  });

  it("GIVEN an Application that never becomes healthy WHEN the timeout passes THEN it exits 1 with its conditions and unhealthy resources", async () => {
    w.kube.stuck = "vllm";
    await expect(bootstrap(options(w, { timeoutMinutes: 30 }), w.deps)).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/1 Application\(s\) not Synced and Healthy after 30 min/) });
    const out = w.logs.join("\n");
    expect(out).toMatch(/Application vllm: OutOfSync \/ Progressing/);
    expect(out).toMatch(/condition SyncError: one or more objects failed to apply: secrets "hf-token" not found/);
    expect(out).toMatch(/resource StatefulSet vllm\/vllm-llama-3-1-8b: Progressing \(Waiting for 1 pods to be ready\)/);
  });

  it("never prints a secret value: API key, Grafana password, kubeconfig token, OVH secret", async () => {
    await bootstrap(options(w), w.deps);
    const out = w.logs.join("\n");
    const grafana = Buffer.from(w.kube.get("Secret", "grafana-admin", "monitoring").data["admin-password"], "base64").toString();
    for (const secret of [w.token, w.token.split(".")[2]!, grafana, "fake-kube-token-not-a-secret", CREDS.appSecret, CREDS.consumerKey]) expect(out).not.toContain(secret);
  });

  it("GIVEN the example's placeholder repository WHEN bootstrapping THEN it refuses before touching OVH", async () => {
    const defaults = path.join(w.repo, "clusters/defaults.yaml");
    writeFileSync(defaults, readFileSync(defaults, "utf8").replace("https://github.com/acme/llm-gitops.git", "https://github.com/example-org/llm-gitops.git"));
    await expect(bootstrap(options(w), w.deps)).rejects.toThrow(/git\.repoURL is the example placeholder/);
    expect(w.ovh.calls).toEqual([]);
  });

  it("GIVEN dns.provider ovh WHEN bootstrapping THEN the model's A record is created in the zone and refreshed, once", async () => {
    const devFile = path.join(w.repo, "clusters/dev.yaml");
    writeFileSync(devFile, `${readFileSync(devFile, "utf8")}dns:\n  provider: ovh\n  zone: llm.example.com\n`);
    await bootstrap(options(w), w.deps);
    await bootstrap(options(w), w.deps);
    expect([...w.ovh.records.values()]).toEqual([{ zone: "llm.example.com", fieldType: "A", subDomain: "llama-3-1-8b.dev", target: "203.0.113.10", ttl: 300 }]);
    expect(w.ovh.calls.filter((c) => c === "POST /domain/zone/llm.example.com/refresh")).toHaveLength(1);
  });

  it("verify reports each check and fails on a Gateway that is not programmed", async () => {
    await bootstrap(options(w), w.deps);
    w.kube.put({ apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "vllm-llama-3-1-8b-scaler", namespace: "vllm" }, status: { conditions: [{ type: "Ready", status: "True" }] } });
    w.kube.put({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "llama-3-1-8b-tls", namespace: "istio-ingress" }, spec: { secretName: "llama-3-1-8b-tls" }, status: { conditions: [{ type: "Ready", status: "True" }] } });
    const plan = planCluster(loadMatrix(path.join(w.repo, "clusters")).clusters.find((c) => c.name === "dev")!);
    const kube = kubeApi(w.kube.kubeconfig, { dryRun: false, log: () => {} });
    const get = async (_host: string, _path: string, headers: Record<string, string>) => (headers["authorization"] === `Bearer ${w.token}` ? 200 : 401);
    const checks = await verify(plan, { kube, resolve: async () => ["203.0.113.10"], get });
    expect(checks.map((c) => `${c.ok ? "pass" : "FAIL"} ${c.name}`)).toEqual([
      "pass Applications Synced and Healthy",
      "pass Prometheus scrapes vLLM",
      "pass Prometheus scrapes DCGM",
      "pass ScaledObject vllm-llama-3-1-8b-scaler Ready",
      "pass Gateway llm-gateway Programmed",
      "pass certificate for llama-3-1-8b.dev.llm.example.com Ready",
      "pass llama-3-1-8b.dev.llm.example.com resolves to the Gateway",
      "pass GET llama-3-1-8b.dev.llm.example.com/v1/models with the API key",
      "pass GET llama-3-1-8b.dev.llm.example.com/v1/models without credentials is refused",
    ]);
    expect(checksTable(checks).join("\n")).not.toContain(w.token);
    w.kube.put({ ...w.kube.get("Gateway", "llm-gateway", "istio-ingress"), status: { conditions: [{ type: "Programmed", status: "False" }] } });
    const failed = (await verify(plan, { kube, resolve: async () => ["203.0.113.10"], get })).filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toEqual(["Gateway llm-gateway Programmed", "llama-3-1-8b.dev.llm.example.com resolves to the Gateway"]);
  });

  it("destroy removes what bootstrap made: the root (cascade), the load balancer and volumes, then the MKS cluster; a second run finds nothing", async () => {
    await bootstrap(options(w), w.deps);
    expect(w.kube.get("PersistentVolumeClaim", "cache-vllm-llama-3-1-8b-0", "vllm")).toBeDefined();
    const d = { cluster: "dev", kubeconfig: w.kubeconfigFile, timeoutMinutes: 60, pollSeconds: 10, yes: false, confirm: async () => "prod" };
    await expect(destroy(d, w.deps)).rejects.toThrow(/not confirmed: type the cluster name \(dev\)/);
    expect(await destroy({ ...d, confirm: async () => "dev" }, w.deps)).toBe(0);
    expect([...w.kube.objects.values()].filter((o) => o.kind === "Application" || o.kind === "PersistentVolumeClaim" || (o.kind === "Service" && o.spec?.type === "LoadBalancer"))).toEqual([]);
    expect(w.ovh.calls).toContain("DELETE /cloud/project/project-1234/kube/kube-1");
    expect(w.ovh.clusters.size).toBe(0);
    expect(await destroy({ ...d, yes: true }, w.deps)).toBe(0);
    expect(w.logs.join("\n")).toMatch(/MKS cluster dev: not found; nothing to destroy/);
  });
});

describe("bootstrap without credentials", () => {
  it("names every missing variable and the token's rights, exit 2, before any call", () => {
    const bundle = path.join(ROOT, "dist/scripts/bootstrap.js");
    if (!existsSync(bundle)) return;
    const r = spawnSync(process.execPath, [bundle, "dev"], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env["PATH"], HOME: tempDir() } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing OVH_ENDPOINT, OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY, OVH_CLOUD_PROJECT_SERVICE/);
    expect(r.stderr).toMatch(/POST \/cloud\/project\/<project id>\/kube\n/);
    const help = spawnSync(process.execPath, [bundle, "--help"], { encoding: "utf8" });
    expect(help.stdout).toMatch(/OVH_APPLICATION_SECRET/);
  });
});
