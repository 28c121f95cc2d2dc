/**
 * `npm run bootstrap -- <cluster>`: from OVH credentials to a synced cluster. Every step finds what exists before it
 * creates anything, so a re-run after a failure or a kill resumes, and a second run changes nothing:
 * credentials -> repository -> MKS cluster -> flavours -> node pools -> READY -> kubeconfig (0600, outside the
 * repository) -> namespaces and Secrets -> repository credentials -> Argo CD (the chart its own Application renders)
 * -> root Application -> the waves -> DNS -> what the operator needs next.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ARGOCD_NAMESPACE } from "../catalog/argo-labels.js";
import { loadMatrix } from "../matrix/load.js";
import { planCluster, type ClusterPlan } from "../plan/cluster-plan.js";
import { GRAFANA_SERVICE, MONITORING_NAMESPACE, PROMETHEUS_SERVICE } from "../plan/prometheus-names.js";
import { VLLM_NAMESPACE } from "../plan/model-plan.js";
import { render } from "../render/render.js";
import { watchApplications } from "./applications-watch.js";
import { installArgoCd, renderArgoCd, waitArgoCdAvailable } from "./argocd-install.js";
import { ensureDnsRecords, gatewayAddress, records } from "./dns.js";
import { checkRepository, ensureRepositorySecret } from "./git-repo.js";
import type { KubeApi, KubeObject } from "./kube.js";
import { BootstrapError, checkFlavours, ensureCluster, ensurePools, waitReady, type Progress } from "./mks.js";
import type { OvhApi } from "./ovh-client.js";
import { CREDENTIALS_HELP, TOKEN_RIGHTS, ovhCredentials, type OvhCredentials } from "./ovh-credentials.js";
import { insideGitCheckout } from "./paths.js";
import { ensureSecrets } from "./secrets.js";
import type { Shell } from "./shell.js";

export interface CloudDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly ovh: (c: OvhCredentials, dryRun: boolean) => OvhApi;
  readonly kube: (kubeconfig: string, dryRun: boolean) => KubeApi;
  readonly sh: Shell;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly progress: Progress;
  /** The checkout: clusters/ and values/ are read from here. */
  readonly repoRoot: string;
}

export interface BootstrapOptions {
  readonly cluster: string;
  readonly kubeconfig?: string;
  readonly chartCache?: string;
  readonly helm?: string;
  readonly timeoutMinutes: number;
  readonly dryRun: boolean;
  /** Seconds between polls (OVH, Argo CD). */
  readonly pollSeconds: number;
}

export const defaultKubeconfig = (cluster: string): string => path.join(os.homedir(), ".kube", `llm-gitops-${cluster}.yaml`);

export function clusterPlanOf(repoRoot: string, cluster: string): ClusterPlan {
  const matrix = loadMatrix(path.join(repoRoot, "clusters"));
  const found = matrix.clusters.find((c) => c.name === cluster);
  if (!found) throw new BootstrapError(`no cluster ${cluster} in clusters/ (clusters: ${matrix.clusters.map((c) => c.name).join(", ")})`);
  return planCluster(found);
}

export function credentialsOrExplain(env: NodeJS.ProcessEnv, plan: ClusterPlan): OvhCredentials {
  const c = ovhCredentials(env);
  if ("credentials" in c) return c.credentials;
  const sn = env["OVH_CLOUD_PROJECT_SERVICE"] ?? "<project id>";
  throw new BootstrapError(
    [
      ...(c.missing.length ? [`missing ${c.missing.join(", ")}`] : []),
      ...c.problems,
      ...CREDENTIALS_HELP,
      "The token needs exactly these rights:",
      ...TOKEN_RIGHTS(sn, plan.config.dns?.provider === "ovh" ? plan.config.dns.zone : undefined).map((r) => `  ${r}`),
    ].join("\n"),
  );
}

/** The kubeconfig, written 0600 outside the repository, never printed. */
export async function fetchKubeconfig(ovh: OvhApi, sn: string, kubeId: string, file: string, log: (s: string) => void): Promise<string> {
  const repo = insideGitCheckout(file);
  if (repo) throw new BootstrapError(`--kubeconfig ${file} is inside the git checkout ${repo}: a kubeconfig is a credential; keep it outside (default ${defaultKubeconfig("<cluster>")})`);
  const { content } = await ovh.postRead<{ content: string }>(`/cloud/project/${sn}/kube/${kubeId}/kubeconfig`);
  if (!ovh.dryRun) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, content, { mode: 0o600 });
    chmodSync(file, 0o600);
    log(`kubeconfig written to ${file} (mode 0600)`);
  }
  return content;
}

export function nextSteps(plan: ClusterPlan, kubeconfig: string): string[] {
  const scheme = plan.config.tls.enabled ? "https" : "http";
  const k = `KUBECONFIG=${kubeconfig}`;
  const { apiKey } = plan.config.secrets;
  return [
    "Done. What you need next:",
    ...plan.models.map((m) => `  API base URL (${m.name}): ${scheme}://${m.host}/v1`),
    ...(plan.config.auth.mode === "api-key" ? [`  API key: ${k} kubectl -n ${VLLM_NAMESPACE} get secret ${apiKey.name} -o jsonpath='{.data.${apiKey.key}}' | base64 -d`] : [`  Tokens: JWTs from ${plan.config.auth.jwt!.issuer}`]),
    `  Argo CD:    ${k} kubectl -n ${ARGOCD_NAMESPACE} port-forward svc/argocd-server 8080:443   (admin password: kubectl -n ${ARGOCD_NAMESPACE} get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d)`,
    ...(plan.observability.prometheus
      ? [`  Grafana:    ${k} kubectl -n ${MONITORING_NAMESPACE} port-forward svc/${GRAFANA_SERVICE} 3000:80`, `  Prometheus: ${k} kubectl -n ${MONITORING_NAMESPACE} port-forward svc/${PROMETHEUS_SERVICE} 9090:9090`]
      : []),
    ...plan.models.map((m) => `  Client timeout for ${m.name}: at least ${m.timeouts.routeSeconds} s${m.mode === "none" || m.mode === "schedule" ? `, retrying 503s with backoff for up to ${m.timeouts.clientRetrySeconds} s (a cold start from zero takes ~${m.coldStart.totalSeconds} s)` : ""}`),
    `  Check it all: npm run verify -- ${plan.name} --kubeconfig ${kubeconfig}`,
  ];
}

export async function bootstrap(o: BootstrapOptions, d: CloudDeps): Promise<number> {
  const plan = clusterPlanOf(d.repoRoot, o.cluster);
  const creds = credentialsOrExplain(d.env, plan);
  const sn = creds.serviceName;
  const timeoutMs = o.timeoutMinutes * 60_000;
  const wait = { timeoutMs, pollMs: o.pollSeconds * 1000, sleep: d.sleep, now: d.now };
  if (o.dryRun) d.log("dry-run: reads only; every OVH call and Kubernetes change that would be made is printed instead");
  await checkRepository(plan, d.sh, d.repoRoot, d.log);
  const ovh = d.ovh(creds, o.dryRun);
  await checkFlavours(ovh, sn, plan);
  const cluster = await ensureCluster(ovh, sn, plan, d.log);
  if (!cluster) {
    d.log(`dry-run: then would create node pools, wait for READY, write the kubeconfig, create namespaces and Secrets, install Argo CD and apply apps/${plan.name}/root.yaml`);
    return 0;
  }
  await ensurePools(ovh, sn, cluster.id, plan, d.log);
  if (!o.dryRun) await waitReady(ovh, sn, cluster.id, { ...wait, progress: d.progress });
  const kubeconfigFile = o.kubeconfig ?? defaultKubeconfig(plan.name);
  const kubeconfig = await fetchKubeconfig(ovh, sn, cluster.id, kubeconfigFile, d.log);
  const kube = d.kube(kubeconfig, o.dryRun);
  await ensureSecrets(kube, plan, d.env, d.log);
  await ensureRepositorySecret(kube, plan, d.env, d.log);
  const argocd = await renderArgoCd(plan, { sh: d.sh, helm: o.helm ?? "helm", ...(o.chartCache ? { chartCache: o.chartCache } : {}), repoRoot: d.repoRoot });
  await installArgoCd(kube, argocd, d.log);
  if (!o.dryRun) await waitArgoCdAvailable(kube, argocd, { ...wait, progress: d.progress });
  const rendered = render({ clusters: [{ name: plan.name, config: plan.config }] }).docs;
  const root = rendered.find((x) => x.path === `${plan.paths.apps}/root.yaml`)!.data as KubeObject;
  const committed = path.join(d.repoRoot, plan.paths.apps, "root.yaml");
  if (!existsSync(committed) || !readFileSync(committed, "utf8").includes(`name: ${root.metadata.name}`)) d.log(`warning: ${plan.paths.apps}/root.yaml is not committed in this checkout: run npm run generate and push before Argo CD can sync`);
  d.log(`root Application ${root.metadata.name}: applying`);
  await kube.apply(root);
  if (o.dryRun) return 0;
  const children = rendered.filter((x) => x.path.startsWith(`${plan.paths.applications}/`) && (x.data as KubeObject).kind === "Application").map((x) => (x.data as KubeObject).metadata.name);
  d.log("Applications, wave by wave (wave, name, sync, health, elapsed):");
  await watchApplications(kube, [root.metadata.name, ...children], { ...wait, log: d.log });
  const address = await gatewayAddress(kube);
  if (!address) d.log("the Gateway has no address yet (the load balancer is being created): run the bootstrap again in a few minutes for the DNS records");
  else if (plan.config.dns?.provider === "ovh") await ensureDnsRecords(ovh, plan, address, d.log);
  else for (const r of records(plan, address)) d.log(`DNS: create ${r.host} ${r.type} ${r.target} (certificates are issued once it resolves)`);
  for (const line of nextSteps(plan, kubeconfigFile)) d.log(line);
  return 0;
}
