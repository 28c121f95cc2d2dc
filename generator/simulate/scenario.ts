/**
 * What the simulator replays against, read from the *rendered* objects of one model — the ScaledObject (triggers,
 * activation thresholds, polling interval, cooldown, HPA behaviour), the StatefulSet (startup probe budget, preStop,
 * --shutdown-timeout, grace period), the HTTPRoute (request timeout) and, with the HTTP add-on, the InterceptorRoute
 * (readiness timeout, concurrency target) — plus what only the plan knows: the cold-start steps and the GPU pool.
 * A trigger the simulator cannot evaluate is an error, never silently ignored.
 */
import type { RenderedDoc } from "../render/output-file.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { ModelPlan } from "../plan/model-plan.js";
import type { ColdStart } from "../plan/cold-start.js";

export type Signal =
  | { readonly kind: "waiting" }
  | { readonly kind: "running" }
  /** Gateway responses in a window, all codes but `exclude` (a regex), e.g. the recent-traffic trigger. */
  | { readonly kind: "gateway"; readonly windowSeconds: number; readonly exclude?: RegExp; readonly include?: RegExp }
  /** Pods created less than `withinSeconds` ago that are not Ready. */
  | { readonly kind: "starting"; readonly withinSeconds: number }
  | { readonly kind: "cron"; readonly start: string; readonly end: string; readonly timezone: string; readonly desiredReplicas: number }
  | { readonly kind: "push" };

export interface SimTrigger {
  readonly name: string;
  readonly signal: Signal;
  /** HPA AverageValue target. */
  readonly target: number;
  readonly activationThreshold: number;
}

export interface Scenario {
  readonly model: string;
  readonly mode: ModelPlan["mode"];
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly pollingInterval: number;
  readonly cooldownPeriod: number;
  readonly triggers: readonly SimTrigger[];
  readonly hpa: { readonly scaleUpPods: number; readonly scaleUpPeriod: number; readonly scaleDownWindow: number; readonly scaleDownPods: number; readonly scaleDownPeriod: number };
  readonly startupProbeSeconds: number;
  readonly preStopSeconds: number;
  /** vLLM --shutdown-timeout: 0 aborts in-flight requests on SIGTERM. */
  readonly shutdownTimeoutSeconds: number;
  readonly terminationGraceSeconds: number;
  readonly routeTimeoutSeconds: number;
  readonly interceptor?: { readonly readinessSeconds: number; readonly concurrencyTarget: number };
  readonly coldStart: ColdStart;
  readonly scaleOut: ColdStart;
  readonly pool: { readonly min: number; readonly max: number; readonly gpusPerNode: number; readonly eurPerHour: number };
  readonly gpusPerReplica: number;
  /** Requests one replica runs at once (vLLM's default max_num_seqs). */
  readonly maxRunning: number;
}

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
}

const seconds = (d: string | undefined, what: string): number => {
  const m = /^(\d+)s$/.exec(d ?? "");
  if (!m) throw new ScenarioError(`${what}: cannot read duration ${JSON.stringify(d)}`);
  return Number(m[1]);
};

/** A rendered KEDA Prometheus trigger as the signal its query reads. */
function prometheusSignal(name: string, query: string): Signal {
  if (query.includes("num_requests_waiting")) return { kind: "waiting" };
  if (query.includes("num_requests_running")) return { kind: "running" };
  if (query.includes("kube_pod_created")) {
    const m = /\) < (\d+) and/.exec(query);
    if (!m) throw new ScenarioError(`trigger ${name}: cannot read the starting bound of ${query}`);
    return { kind: "starting", withinSeconds: Number(m[1]) };
  }
  if (query.includes("istio_requests_total")) {
    const w = /\[(\d+)([sm])\]/.exec(query);
    if (!w) throw new ScenarioError(`trigger ${name}: cannot read the window of ${query}`);
    const codes = /response_code(!~|=~)"([^"]+)"/.exec(query);
    const windowSeconds = Number(w[1]) * (w[2] === "m" ? 60 : 1);
    if (!codes) return { kind: "gateway", windowSeconds };
    const re = new RegExp(`^(${codes[2]})$`);
    return codes[1] === "!~" ? { kind: "gateway", windowSeconds, exclude: re } : { kind: "gateway", windowSeconds, include: re };
  }
  throw new ScenarioError(`trigger ${name}: the simulator cannot evaluate query ${query}`);
}

const find = (docs: readonly RenderedDoc[], kind: string, name: string): any => docs.find((d) => (d.data as any)?.kind === kind && (d.data as any)?.metadata?.name === name)?.data;

export function scenarioOf(plan: ClusterPlan, m: ModelPlan, docs: readonly RenderedDoc[]): Scenario {
  const clusterDocs = docs.filter((d) => d.path.startsWith(`${plan.paths.apps}/`));
  const so = find(clusterDocs, "ScaledObject", `${m.workload}-scaler`);
  const sts = find(clusterDocs, "StatefulSet", m.workload);
  const route = find(clusterDocs, "HTTPRoute", m.workload);
  if (!so || !sts || !route) throw new ScenarioError(`${plan.name}/${m.name}: the rendered ScaledObject, StatefulSet or HTTPRoute is missing`);
  const ir = find(clusterDocs, "InterceptorRoute", m.workload);
  const triggers: SimTrigger[] = (so.spec.triggers as any[]).map((t) => {
    const md = t.metadata ?? {};
    if (t.type === "prometheus") return { name: t.name, signal: prometheusSignal(t.name, md.query), target: Number(md.threshold), activationThreshold: Number(md.activationThreshold ?? 0) };
    if (t.type === "cron") return { name: t.name, signal: { kind: "cron", start: md.start, end: md.end, timezone: md.timezone, desiredReplicas: Number(md.desiredReplicas) }, target: 1, activationThreshold: 0 };
    if (t.type === "external-push") return { name: t.name, signal: { kind: "push" }, target: ir?.spec?.scalingMetric?.concurrency?.targetValue ?? 100, activationThreshold: 0 };
    throw new ScenarioError(`trigger ${t.name}: the simulator cannot evaluate type ${t.type}`);
  });
  const behavior = so.spec.advanced?.horizontalPodAutoscalerConfig?.behavior ?? {};
  const up = behavior.scaleUp?.policies?.[0] ?? { value: 4, periodSeconds: 15 };
  const down = behavior.scaleDown?.policies?.[0] ?? { value: 100, periodSeconds: 15 };
  const pod = sts.spec.template.spec;
  const c = pod.containers[0];
  const probe = c.startupProbe;
  const pre: string[] = c.lifecycle?.preStop?.exec?.command ?? [];
  const preStop = pre[0] === "sleep" ? Number(pre[1]) : pre.length > 0 ? Number(/time\.sleep\((\d+)\)/.exec(pre.join(" "))?.[1] ?? 0) : 0;
  const shutdownArg = (c.args as string[]).find((a) => a.startsWith("--shutdown-timeout="));
  // Before --shutdown-timeout existed, the preStop hook drains (waits for no running requests) within the grace period.
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  const shutdown = shutdownArg ? Number(shutdownArg.split("=")[1]) : pre[0] === "python3" ? grace - preStop : 0;
  return {
    model: m.name,
    mode: m.mode,
    minReplicas: so.spec.minReplicaCount ?? 0,
    maxReplicas: so.spec.maxReplicaCount ?? 100,
    pollingInterval: so.spec.pollingInterval ?? 30,
    cooldownPeriod: so.spec.cooldownPeriod ?? 300,
    triggers,
    hpa: { scaleUpPods: up.value, scaleUpPeriod: up.periodSeconds, scaleDownWindow: behavior.scaleDown?.stabilizationWindowSeconds ?? 300, scaleDownPods: down.value, scaleDownPeriod: down.periodSeconds },
    startupProbeSeconds: probe.periodSeconds * probe.failureThreshold,
    preStopSeconds: preStop,
    shutdownTimeoutSeconds: shutdown,
    terminationGraceSeconds: grace,
    routeTimeoutSeconds: seconds(route.spec.rules[0].timeouts?.request, "HTTPRoute timeout"),
    ...(ir ? { interceptor: { readinessSeconds: seconds(ir.spec.timeouts?.readiness, "InterceptorRoute readiness"), concurrencyTarget: ir.spec.scalingMetric.concurrency.targetValue } } : {}),
    coldStart: m.coldStart,
    scaleOut: m.scaleOutColdStart,
    pool: { min: plan.config.nodePools.gpu.min, max: plan.config.nodePools.gpu.max, gpusPerNode: plan.gpuPool.flavor.gpuCount, eurPerHour: plan.gpuPool.eurPerHour },
    gpusPerReplica: m.gpus,
    maxRunning: 256,
  };
}
