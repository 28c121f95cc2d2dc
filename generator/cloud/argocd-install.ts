/**
 * Argo CD onto the new cluster exactly as its self-managing Application will render it — the pinned argo-cd chart
 * with `helm template`, release `argocd`, namespace `argocd`, the very values file of that Application — so the
 * Application adopts the install (Deployment selectors are immutable: any other install could not be adopted). Applied
 * server-side, CRDs first; then the root Application once Argo CD is available.
 */
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { ARGOCD_NAMESPACE } from "../catalog/argo-labels.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { KubeApi, KubeObject } from "./kube.js";
import { BootstrapError, type Progress } from "./mks.js";
import type { Shell } from "./shell.js";

const CLUSTER_SCOPED = new Set(["CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "Namespace", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]);

export async function renderArgoCd(plan: ClusterPlan, o: { sh: Shell; helm: string; chartCache?: string; repoRoot: string }): Promise<KubeObject[]> {
  const pin = plan.charts["argo-cd"];
  const chart = o.chartCache ? [path.join(o.chartCache, "argo-cd", pin.version, `argo-cd-${pin.version}.tgz`)] : ["argo-cd", "--repo", pin.repoURL, "--version", pin.version];
  const args = ["template", "argocd", ...chart, "--namespace", ARGOCD_NAMESPACE, "--include-crds", "--kube-version", `${plan.config.kubernetes.version}.0`, "-f", path.join(o.repoRoot, plan.paths.values("argo-cd"))];
  const r = await o.sh(o.helm, args);
  if (r.code !== 0) throw new BootstrapError(`helm ${args.join(" ")} failed: ${r.stderr.trim()}`);
  const objects = parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((x): x is KubeObject => !!x && typeof x === "object" && !!x.kind);
  for (const obj of objects) if (!CLUSTER_SCOPED.has(obj.kind) && !obj.metadata.namespace) obj.metadata.namespace = ARGOCD_NAMESPACE;
  return objects.sort((a, b) => Number(b.kind === "CustomResourceDefinition") - Number(a.kind === "CustomResourceDefinition"));
}

export async function installArgoCd(kube: KubeApi, objects: readonly KubeObject[], log: (s: string) => void): Promise<void> {
  log(`Argo CD: applying ${objects.length} objects of the argo-cd chart (server-side)`);
  for (const obj of objects) await kube.apply(obj);
}

export async function waitArgoCdAvailable(kube: KubeApi, objects: readonly KubeObject[], o: { timeoutMs: number; pollMs: number; sleep: (ms: number) => Promise<void>; now: () => number; progress: Progress }): Promise<void> {
  const workloads = objects.filter((x) => x.kind === "Deployment" || x.kind === "StatefulSet");
  const start = o.now();
  for (;;) {
    const waiting: string[] = [];
    for (const w of workloads) {
      const live = await kube.get(w.apiVersion, w.kind, w.metadata.name, w.metadata.namespace);
      const want = live?.spec?.replicas ?? 1;
      const have = w.kind === "Deployment" ? (live?.status?.availableReplicas ?? 0) : (live?.status?.readyReplicas ?? 0);
      if (have < want) waiting.push(`${w.metadata.name} ${have}/${want}`);
    }
    const elapsed = Math.round((o.now() - start) / 1000);
    if (waiting.length === 0) return o.progress.done(`Argo CD available after ${elapsed} s`);
    o.progress.line(`waiting for Argo CD (${elapsed} s): ${waiting.join(", ")}`);
    if (o.now() - start > o.timeoutMs) throw new BootstrapError(`Argo CD not available: ${waiting.join(", ")}; kubectl -n ${ARGOCD_NAMESPACE} get pods`, 1);
    await o.sleep(o.pollMs);
  }
}
