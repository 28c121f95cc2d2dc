/**
 * The repository Argo CD pulls: the example placeholder is refused; a URL other than this checkout's `origin`, or a
 * revision that does not contain the current commit, is warned about (Argo CD would sync something else). For a
 * private repository Argo CD's repository Secret is created from a token or SSH key named in the environment.
 */
import { readFileSync } from "node:fs";
import { ARGOCD_NAMESPACE } from "../catalog/argo-labels.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { KubeApi } from "./kube.js";
import { BootstrapError } from "./mks.js";
import type { Shell } from "./shell.js";

const PLACEHOLDER = /github\.com\/example-org\//;
/** https://host/org/repo(.git) and git@host:org/repo(.git) name the same repository. */
const normalise = (url: string) => url.trim().replace(/^git@([^:]+):/, "https://$1/").replace(/^ssh:\/\/git@/, "https://").replace(/\.git$/, "").replace(/\/$/, "").toLowerCase();

export async function checkRepository(plan: ClusterPlan, sh: Shell, repoRoot: string, log: (s: string) => void): Promise<void> {
  const { repoURL, revision } = plan.config.git;
  if (PLACEHOLDER.test(repoURL)) throw new BootstrapError(`git.repoURL is the example placeholder ${repoURL}: set it in clusters/defaults.yaml (or clusters/${plan.name}.yaml) to your fork of this repository, run npm run generate, commit and push`);
  const origin = await sh("git", ["remote", "get-url", "origin"], { cwd: repoRoot });
  if (origin.code !== 0) log(`warning: this checkout has no origin remote; cannot check that Argo CD pulls ${repoURL}`);
  else if (normalise(origin.stdout) !== normalise(repoURL)) log(`warning: Argo CD will pull ${repoURL}, but this checkout's origin is ${origin.stdout.trim()}`);
  const ref = `refs/remotes/origin/${revision}`;
  const known = await sh("git", ["rev-parse", "--verify", "--quiet", ref], { cwd: repoRoot });
  if (known.code !== 0) {
    log(`warning: origin/${revision} is not known locally (git fetch origin); cannot check that it contains this commit`);
    return;
  }
  const contains = await sh("git", ["merge-base", "--is-ancestor", "HEAD", ref], { cwd: repoRoot });
  if (contains.code !== 0) log(`warning: origin/${revision}, which Argo CD will sync, does not contain this checkout's commit: push and merge first, or Argo CD applies an older tree`);
}

/** Argo CD's credentials for a private repository, from GIT_TOKEN (HTTPS) or GIT_SSH_KEY_FILE (SSH): never printed. */
export async function ensureRepositorySecret(kube: KubeApi, plan: ClusterPlan, env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<void> {
  const { repoURL } = plan.config.git;
  const token = env["GIT_TOKEN"];
  const keyFile = env["GIT_SSH_KEY_FILE"];
  if (!token && !keyFile) return log(`repository ${repoURL}: public (no GIT_TOKEN or GIT_SSH_KEY_FILE given)`);
  const name = `repo-${plan.name}`;
  if (await kube.get("v1", "Secret", name, ARGOCD_NAMESPACE)) return log(`Secret ${ARGOCD_NAMESPACE}/${name} (repository credentials): exists, left as it is`);
  const credentials = keyFile ? { sshPrivateKey: readFileSync(keyFile, "utf8") } : { username: env["GIT_USERNAME"] ?? "git", password: token! };
  log(`Secret ${ARGOCD_NAMESPACE}/${name} (repository credentials from ${keyFile ? "GIT_SSH_KEY_FILE" : "GIT_TOKEN"}): creating`);
  await kube.apply({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: ARGOCD_NAMESPACE, labels: { "argocd.argoproj.io/secret-type": "repository" } },
    type: "Opaque",
    stringData: { type: "git", url: repoURL, ...credentials },
  });
}
