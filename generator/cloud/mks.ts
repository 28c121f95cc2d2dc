/**
 * The MKS cluster and its node pools through the OVH API (upstream-facts §6.2): found by name or created, never twice
 * (a create that failed in transit is followed by a lookup before any retry), flavours checked against the region,
 * pools created or updated to match the matrix, and a wait for READY with a live progress line and a timeout.
 */
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { OvhApi } from "./ovh-client.js";
import { OvhError } from "./ovh-client.js";

export interface MksCluster {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly version: string;
  readonly status: string;
  readonly plan?: string;
}
export interface MksPool {
  readonly id: string;
  readonly name: string;
  readonly flavor: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly autoscale: boolean;
  readonly status: string;
  readonly template?: { metadata?: { labels?: Record<string, string> }; spec?: { taints?: { key: string; value: string; effect: string }[] } };
}

export interface Progress {
  line(text: string): void;
  done(text: string): void;
}

/** A refusal or failure with a message for the operator; exit 2 for bad input, 1 for a timeout or a failed check. */
export class BootstrapError extends Error {
  override readonly name = "BootstrapError";
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/** The pool the matrix wants: the CPU pool, and the GPU pool with the GPU pool contract's label and taint. */
export function wantedPools(plan: ClusterPlan) {
  const { cpu, gpu } = plan.config.nodePools;
  return [
    { name: "cpu", flavorName: cpu.flavor, minNodes: cpu.min, maxNodes: cpu.max, desiredNodes: cpu.min, autoscale: cpu.autoscale, template: { metadata: { labels: { nodepool: "cpu" }, annotations: {}, finalizers: [] }, spec: { taints: [], unschedulable: false } } },
    {
      name: plan.gpuPool.name,
      flavorName: gpu.flavor,
      minNodes: gpu.min,
      maxNodes: gpu.max,
      desiredNodes: gpu.min,
      autoscale: gpu.autoscale,
      template: { metadata: { labels: { [plan.gpuPool.label.key]: plan.gpuPool.label.value }, annotations: {}, finalizers: [] }, spec: { taints: [{ ...plan.gpuPool.taint }], unschedulable: false } },
    },
  ];
}

const base = (sn: string) => `/cloud/project/${sn}/kube`;

export async function findCluster(ovh: OvhApi, sn: string, name: string): Promise<MksCluster | undefined> {
  const ids = await ovh.get<string[]>(base(sn));
  for (const id of ids) {
    let c: MksCluster;
    try {
      c = await ovh.get<MksCluster>(`${base(sn)}/${id}`);
    } catch (e) {
      // Deleted between the list and the read.
      if (e instanceof OvhError && e.status === 404) continue;
      throw e;
    }
    if (c.name === name) return c;
  }
  return undefined;
}

/** Creates with one POST; if the POST fails in a way that may have reached OVH, look again before trying once more. */
async function createOnce<T>(find: () => Promise<T | undefined>, create: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (e) {
      if (!(e instanceof OvhError) || attempt >= 3 || (typeof e.status === "number" && e.status < 500 && e.status !== 429)) throw e;
      const found = await find();
      if (found) return found;
    }
  }
}

export async function ensureCluster(ovh: OvhApi, sn: string, plan: ClusterPlan, log: (s: string) => void): Promise<MksCluster | undefined> {
  const name = plan.name;
  const existing = await findCluster(ovh, sn, name);
  const { region, plan: controlPlane } = plan.config.ovh;
  const version = plan.config.kubernetes.version;
  if (existing) {
    if (existing.region !== region) throw new BootstrapError(`MKS cluster ${name} exists in ${existing.region}, the matrix says ${region}: OVH cannot move a cluster; destroy it (npm run destroy -- ${name}) or set ovh.region: ${existing.region}`);
    if (!existing.version.startsWith(version)) log(`warning: MKS cluster ${name} runs Kubernetes ${existing.version}, the matrix says ${version}; upgrade it in the OVH control panel (the bootstrap does not upgrade)`);
    log(`MKS cluster ${name}: found (${existing.id}, ${existing.status})`);
    return existing;
  }
  log(`MKS cluster ${name}: creating in ${region} (Kubernetes ${version}, ${controlPlane} plan)`);
  const created = await createOnce(
    () => findCluster(ovh, sn, name),
    () => ovh.post<MksCluster>(base(sn), { name, region, version, plan: controlPlane, updatePolicy: "MINIMAL_DOWNTIME" }),
  );
  return created;
}

export async function checkFlavours(ovh: OvhApi, sn: string, plan: ClusterPlan): Promise<void> {
  const offered = (await ovh.get<{ name: string; state?: string }[]>(`/cloud/project/${sn}/capabilities/kube/flavors`, { region: plan.config.ovh.region })).filter((f) => !f.state || f.state === "available").map((f) => f.name);
  const missing = [plan.config.nodePools.cpu.flavor, plan.config.nodePools.gpu.flavor].filter((f) => !offered.includes(f));
  if (missing.length > 0) throw new BootstrapError(`region ${plan.config.ovh.region} does not offer ${missing.join(", ")} for MKS in this project (offered: ${offered.join(", ") || "none"}); choose another flavour or region in clusters/${plan.name}.yaml, or ask OVH for quota`);
}

const sameTemplate = (a: MksPool["template"], b: (typeof wantedPools extends (p: ClusterPlan) => (infer W)[] ? W : never)["template"]) =>
  JSON.stringify(a?.metadata?.labels ?? {}) === JSON.stringify(b.metadata.labels) && JSON.stringify(a?.spec?.taints ?? []) === JSON.stringify(b.spec.taints);

export async function ensurePools(ovh: OvhApi, sn: string, kubeId: string, plan: ClusterPlan, log: (s: string) => void): Promise<void> {
  const path = `${base(sn)}/${kubeId}/nodepool`;
  const existing = await ovh.get<MksPool[]>(path);
  for (const want of wantedPools(plan)) {
    const pool = existing.find((p) => p.name === want.name);
    if (!pool) {
      log(`node pool ${want.name}: creating (${want.flavorName}, ${want.minNodes}..${want.maxNodes}${want.name === plan.gpuPool.name ? `, label ${plan.gpuPool.label.key}=${plan.gpuPool.label.value}, taint ${plan.gpuPool.taint.key}=${plan.gpuPool.taint.value}:${plan.gpuPool.taint.effect}` : ""})`);
      await createOnce(
        async () => (await ovh.get<MksPool[]>(path)).find((p) => p.name === want.name),
        () => ovh.post<MksPool>(path, want),
      );
      continue;
    }
    if (pool.flavor !== want.flavorName) {
      throw new BootstrapError(
        `node pool ${want.name} runs ${pool.flavor}, the matrix says ${want.flavorName}: OVH cannot change a pool's flavour in place. Either keep ${pool.flavor} in clusters/${plan.name}.yaml, or create the new pool under another name (nodePools.gpu.name) and delete the old one in the OVH control panel once its workloads moved`,
      );
    }
    const drift = pool.minNodes !== want.minNodes || pool.maxNodes !== want.maxNodes || pool.autoscale !== want.autoscale || !sameTemplate(pool.template, want.template);
    if (!drift) {
      log(`node pool ${want.name}: up to date (${pool.flavor}, ${pool.minNodes}..${pool.maxNodes})`);
      continue;
    }
    log(`node pool ${want.name}: updating ${pool.minNodes}..${pool.maxNodes} -> ${want.minNodes}..${want.maxNodes}${sameTemplate(pool.template, want.template) ? "" : ", template labels and taints"}`);
    await ovh.put(`${path}/${pool.id}`, { minNodes: want.minNodes, maxNodes: want.maxNodes, autoscale: want.autoscale, template: want.template });
  }
}

/** Polls until the cluster and its pools are READY; a terminal error status or the deadline ends it. */
export async function waitReady(ovh: OvhApi, sn: string, kubeId: string, o: { timeoutMs: number; pollMs: number; sleep: (ms: number) => Promise<void>; now: () => number; progress: Progress }): Promise<void> {
  const start = o.now();
  for (;;) {
    const c = await ovh.get<MksCluster>(`${base(sn)}/${kubeId}`);
    const pools = await ovh.get<MksPool[]>(`${base(sn)}/${kubeId}/nodepool`);
    const elapsed = Math.round((o.now() - start) / 1000);
    const state = `cluster ${c.status}; pools ${pools.map((p) => `${p.name} ${p.status}`).join(", ") || "none"}`;
    if (/ERROR$/.test(c.status) || pools.some((p) => /ERROR$/.test(p.status))) throw new BootstrapError(`MKS reports an error: ${state}; see the OVH control panel (quota errors need a quota increase)`);
    if (c.status === "READY" && pools.every((p) => p.status === "READY")) {
      o.progress.done(`MKS ready after ${elapsed} s: ${state}`);
      return;
    }
    o.progress.line(`waiting for MKS (${elapsed} s): ${state}`);
    if (o.now() - start > o.timeoutMs) throw new BootstrapError(`MKS not READY after ${Math.round(o.timeoutMs / 60000)} min: ${state}; run the bootstrap again to resume (--timeout MINUTES to wait longer)`, 1);
    await o.sleep(o.pollMs);
  }
}
