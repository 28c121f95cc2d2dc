/**
 * `npm run destroy -- <cluster> [--yes]`: deletes the root Application (cascading through every child's finalizer),
 * waits until the LoadBalancer Services and the volumes are released (OVH bills both, and deletes neither with the
 * cluster), then deletes the MKS cluster and waits until it is gone. Each step looks first, so a re-run resumes.
 */
import { ARGOCD_NAMESPACE } from "../catalog/argo-labels.js";
import { clusterPlanOf, credentialsOrExplain, defaultKubeconfig, fetchKubeconfig, type CloudDeps } from "./bootstrap.js";
import { BootstrapError, findCluster } from "./mks.js";

export interface DestroyOptions {
  readonly cluster: string;
  readonly kubeconfig?: string;
  readonly timeoutMinutes: number;
  readonly pollSeconds: number;
  /** Asked when not --yes: the operator must type the cluster name. */
  readonly confirm: () => Promise<string>;
  readonly yes: boolean;
}

export async function destroy(o: DestroyOptions, d: CloudDeps): Promise<number> {
  const plan = clusterPlanOf(d.repoRoot, o.cluster);
  const creds = credentialsOrExplain(d.env, plan);
  const sn = creds.serviceName;
  const ovh = d.ovh(creds, false);
  const cluster = await findCluster(ovh, sn, plan.name);
  if (!cluster) {
    d.log(`MKS cluster ${plan.name}: not found; nothing to destroy`);
    return 0;
  }
  if (!o.yes && (await o.confirm()).trim() !== plan.name) throw new BootstrapError(`not confirmed: type the cluster name (${plan.name}) to destroy it, or pass --yes`);
  const deadline = d.now() + o.timeoutMinutes * 60_000;
  const until = async (what: string, done: () => Promise<string | true>) => {
    for (;;) {
      const state = await done();
      if (state === true) return d.progress.done(`${what}: done`);
      d.progress.line(`${what}: ${state}`);
      if (d.now() > deadline) throw new BootstrapError(`${what}: still ${state} after ${o.timeoutMinutes} min; run destroy again to resume`, 1);
      await d.sleep(o.pollSeconds * 1000);
    }
  };
  if (cluster.status !== "DELETING") {
    const kubeconfig = await fetchKubeconfig(ovh, sn, cluster.id, o.kubeconfig ?? defaultKubeconfig(plan.name), d.log);
    const kube = d.kube(kubeconfig, false);
    const root = `${plan.name}-root`;
    if (await kube.get("argoproj.io/v1alpha1", "Application", root, ARGOCD_NAMESPACE)) {
      d.log(`root Application ${root}: deleting (cascade)`);
      await kube.delete("argoproj.io/v1alpha1", "Application", root, ARGOCD_NAMESPACE);
    }
    await until("Applications deleted", async () => {
      const left = (await kube.list("argoproj.io/v1alpha1", "Application", ARGOCD_NAMESPACE)).filter((a) => a.metadata.name !== "argo-cd");
      return left.length === 0 ? true : `${left.length} left (${left.map((a) => a.metadata.name).join(", ")})`;
    });
    await until("load balancers and volumes released", async () => {
      const lbs = (await kube.list("v1", "Service")).filter((s) => s.spec?.type === "LoadBalancer");
      const pvcs = await kube.list("v1", "PersistentVolumeClaim");
      const pvs = await kube.list("v1", "PersistentVolume");
      return lbs.length + pvcs.length + pvs.length === 0 ? true : `${lbs.length} LoadBalancer Service(s), ${pvcs.length} PVC(s), ${pvs.length} PV(s) left`;
    });
    d.log(`MKS cluster ${plan.name}: deleting`);
    await ovh.delete(`/cloud/project/${sn}/kube/${cluster.id}`);
  }
  await until(`MKS cluster ${plan.name} gone`, async () => {
    const c = await findCluster(ovh, sn, plan.name);
    return c ? `status ${c.status}` : true;
  });
  return 0;
}
