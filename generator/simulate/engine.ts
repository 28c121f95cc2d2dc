/**
 * A deterministic replay of a request trace against one model's rendered scaling, one-second clock. Rules, with the
 * upstream source of each (../shared/reference/scaling-semantics.md has them in full):
 *  - KEDA polls every pollingInterval, first at t=0 (keda v2.20.2 pkg/scaling/scale_handler.go:180-213); a Prometheus
 *    trigger reads 0 for an empty result (prometheus_scaler.go:266-305) and is active when value > activationThreshold
 *    (:319); the object is active when any trigger is (scale_handler.go:846-856). The HTTP add-on's push trigger acts
 *    between polls (scale_handler.go:255-262).
 *  - RequestScale (pkg/scaling/executor/scale_scaledobjects.go:37-118): active at 0 replicas -> max(min, 1) and
 *    LastActiveTime = now; active -> LastActiveTime = now; inactive with min 0 -> 0 once LastActiveTime +
 *    cooldownPeriod has passed (:212).
 *  - HPA every 15 s (kube-controller-manager default sync period): AverageValue proposal ceil(sum/target) outside a 0.1
 *    tolerance, the max over metrics; the rendered behaviour's stabilisation window and Pods policies (k8s
 *    replica_calculator.go, horizontal.go normalizeDesiredReplicasWithBehaviors); bounds [max(min, 1), max].
 *  - Prometheus scrapes every 15 s (the ServiceMonitor interval); increase() needs two samples in its window.
 *  - StatefulSet with podManagementPolicy Parallel: missing ordinals are created at once, the highest ordinals go
 *    first on scale-in; an ordinal that served before keeps its volume (weights and compile cache) and starts warm.
 *  - Cluster autoscaler scans every 10 s; a new GPU node takes the plan's node steps; an empty node is removed after
 *    scale-down-unneeded-time 10 min and not within scale-down-delay-after-add 10 min (OVH's fixed settings), down to
 *    the pool minimum (cluster-autoscaler core/static_autoscaler.go:748-758, cloudprovider/ovhcloud).
 *  - Termination (kubernetes.io pod-lifecycle; vLLM --shutdown-timeout): a pod leaves the endpoints at once, gets
 *    SIGTERM after preStop, drains until preStop + shutdown-timeout and is killed at the grace period; a request that
 *    has not finished by then is cut.
 *  - Gateway: without a ready replica an authorised request gets 503 (clients retry with backoff); the HTTPRoute
 *    timeout ends any request; the HTTP add-on's interceptor holds a request up to its readiness timeout (504 after).
 */
import type { TraceRequest } from "./trace.js";
import { cronActivity } from "./cron.js";
import type { Scenario, SimTrigger } from "./scenario.js";
import { prometheusValue, type Snapshot } from "./signals.js";

export type Outcome = "served" | "rejected503" | "timedOut" | "cutByScaleIn";

export interface SimOptions {
  /** Instant of t = 0 (cron windows and holidays are evaluated in the trigger's time zone). */
  readonly startEpochMs: number;
  /** The trace runs at least until here (seconds). */
  readonly endSeconds: number;
  /** Replicas 0..warmVolumes-1 served before: their volumes hold the weights and compile cache. */
  readonly warmVolumes: number;
  /** Clients retry a 503 with exponential backoff (5 s doubling to 60 s) for this long; 0: no retries. */
  readonly retryForSeconds: number;
  /** Service time of a request given in tokens. */
  readonly prefillTokensPerSecond: number;
  readonly decodeTokensPerSecond: number;
}

export interface RequestResult {
  readonly line: number;
  readonly t: number;
  readonly outcome: Outcome;
  readonly attempts: number;
  /** Seconds from the first attempt to the first byte (served requests). */
  readonly firstByteWait?: number;
  readonly endedAt: number;
}

export interface Sample {
  readonly t: number;
  readonly desired: number;
  readonly ready: number;
  readonly nodes: number;
  readonly running: number;
  readonly waiting: number;
}

export interface SimResult {
  readonly requests: readonly RequestResult[];
  readonly gpuNodeHours: number;
  readonly costEUR: number;
  readonly endSeconds: number;
  readonly samples: readonly Sample[];
  readonly warnings: readonly string[];
}

interface Req {
  readonly client: Client;
  readonly attemptAt: number;
  readonly deadline: number;
  startedAt?: number;
  endsAt?: number;
}
interface Client {
  readonly line: number;
  readonly t: number;
  readonly service: number;
  attempts: number;
  result?: RequestResult;
}
interface Pod {
  readonly ordinal: number;
  readonly createdAt: number;
  node?: Node;
  containerStartAt?: number;
  readyAt?: number;
  neverReady?: boolean;
  running: Req[];
  waiting: Req[];
  terminating?: { at: number; cutAt: number };
}
interface Node {
  readonly id: number;
  readonly requestedAt: number;
  readyAt: number;
  deletedAt?: number;
  pods: Pod[];
  imagePulled: boolean;
  emptySince?: number;
}

const SCRAPE_SECONDS = 15;
const HPA_SYNC_SECONDS = 15;
const HPA_TOLERANCE = 0.1;
const CA_SCAN_SECONDS = 10;
const CA_UNNEEDED_SECONDS = 600;
const CA_DELAY_AFTER_ADD_SECONDS = 600;
const SAMPLE_SECONDS = 10;

const stepSeconds = (cs: Scenario["coldStart"], ids: string[]) => cs.steps.filter((s) => ids.includes(s.id)).reduce((n, s) => n + s.seconds, 0);

export function simulate(sc: Scenario, trace: readonly TraceRequest[], o: SimOptions): SimResult {
  const warnings: string[] = [];
  const nodeDelay = stepSeconds(sc.scaleOut, ["autoscaler", "node", "gpuOperator"]);
  const pullSeconds = stepSeconds(sc.scaleOut, ["imagePull"]);
  const bindSeconds = stepSeconds(sc.scaleOut, ["bind", "attach"]);
  const slots = Math.max(1, Math.floor(sc.pool.gpusPerNode / sc.gpusPerReplica));
  const service = (r: TraceRequest) => r.durationSeconds ?? r.promptTokens! / o.prefillTokensPerSecond + r.outputTokens! / o.decodeTokensPerSecond;
  const clients: Client[] = trace.map((r) => ({ line: r.line, t: r.t, service: service(r), attempts: 0 }));
  const lastArrival = clients.length ? clients[clients.length - 1]!.t : 0;

  // Cron windows, minute by minute, over a generous horizon past the trace's end.
  const horizonMinutes = Math.ceil((Math.max(o.endSeconds, lastArrival) + sc.routeTimeoutSeconds + o.retryForSeconds + 7200) / 60) + 1;
  const cron = new Map<SimTrigger, boolean[]>();
  for (const t of sc.triggers) if (t.signal.kind === "cron") cron.set(t, cronActivity(t.signal.start, t.signal.end, t.signal.timezone, o.startEpochMs, horizonMinutes));

  let nextNodeId = 0;
  const nodes: Node[] = [];
  const pods: Pod[] = [];
  const warmOrdinals = new Set<number>(Array.from({ length: o.warmVolumes }, (_, i) => i));
  const newNode = (now: number, ready: boolean): Node => {
    const n: Node = { id: nextNodeId++, requestedAt: now, readyAt: ready ? now : now + nodeDelay, pods: [], imagePulled: ready };
    nodes.push(n);
    return n;
  };
  // Steady state at t = 0: the minimum replicas Ready on warm nodes, the pool at its minimum.
  let desired = sc.minReplicas;
  for (let i = 0; i < sc.minReplicas; i++) {
    const node = nodes.find((n) => n.pods.length < slots) ?? newNode(0, true);
    const pod: Pod = { ordinal: i, createdAt: -3600, node, containerStartAt: -3600, readyAt: -3600, running: [], waiting: [] };
    node.pods.push(pod);
    pods.push(pod);
    warmOrdinals.add(i);
  }
  while (nodes.length < sc.pool.min) newNode(0, true);

  let lastActive: number | undefined;
  let lastScaleUp = -Infinity;
  const held: Req[] = [];
  const snapshots: Snapshot[] = [];
  const gatewayCounts = sc.triggers.map(() => 0);
  const hpaHistory: { t: number; value: number }[] = [];
  const scaleEvents: { t: number; delta: number }[] = [];
  const samples: Sample[] = [];
  /** Attempts due, by second: first arrivals and retries. */
  const due = new Map<number, Client[]>();
  const schedule = (c: Client, at: number) => due.set(at, [...(due.get(at) ?? []), c]);
  for (const c of clients) schedule(c, Math.ceil(c.t));
  let unresolved = clients.length;

  const isReady = (p: Pod, now: number) => !p.terminating && p.readyAt !== undefined && p.readyAt <= now;
  const readyPods = (now: number) => pods.filter((p) => isReady(p, now));
  const gatewayEvent = (code: number) => {
    sc.triggers.forEach((t, i) => {
      if (t.signal.kind !== "gateway") return;
      const c = String(code);
      if (t.signal.exclude?.test(c) || (t.signal.include && !t.signal.include.test(c))) return;
      gatewayCounts[i]! += 1;
    });
  };
  const finish = (c: Client, outcome: Outcome, now: number, startedAt?: number) => {
    unresolved -= 1;
    c.result = { line: c.line, t: c.t, outcome, attempts: c.attempts, endedAt: now, ...(startedAt !== undefined ? { firstByteWait: startedAt - c.t } : {}) };
  };
  const dispatch = (req: Req, now: number): boolean => {
    const candidates = readyPods(now).sort((a, b) => a.running.length + a.waiting.length - (b.running.length + b.waiting.length) || a.ordinal - b.ordinal);
    const pod = candidates[0];
    if (!pod) return false;
    if (pod.running.length < sc.maxRunning) {
      req.startedAt = now;
      req.endsAt = now + req.client.service;
      pod.running.push(req);
    } else pod.waiting.push(req);
    return true;
  };
  const concurrency = () => held.length + pods.reduce((n, p) => n + (sc.interceptor ? p.running.length + p.waiting.length : 0), 0);

  const requestScale = (active: boolean, now: number) => {
    if (active) {
      if (desired === 0) desired = Math.max(sc.minReplicas, 1);
      lastActive = now;
    } else if (desired > 0 && sc.minReplicas === 0) {
      if (lastActive !== undefined && lastActive + sc.cooldownPeriod < now) desired = 0;
    } else if (desired < sc.minReplicas) desired = sc.minReplicas;
  };

  /** What Prometheus answers at `now` for a trigger (the last scrape, increase() over two samples). */
  const value = (t: SimTrigger, i: number, now: number): number => {
    const s = t.signal;
    if (s.kind === "cron") return cron.get(t)![Math.floor(now / 60)] ? s.desiredReplicas : 0;
    if (s.kind === "push") return concurrency();
    return prometheusValue(s, i, snapshots, now);
  };

  const hpaSync = (now: number) => {
    if (desired === 0) return;
    const status = Math.max(1, pods.filter((p) => !p.terminating).length);
    const proposal = Math.max(
      ...sc.triggers.map((t, i) => {
        const v = value(t, i, now);
        const r = v / (t.target * status);
        return Math.abs(r - 1) <= HPA_TOLERANCE ? status : Math.ceil(v / t.target);
      }),
    );
    hpaHistory.push({ t: now, value: proposal });
    while (hpaHistory.length > 1 && hpaHistory[0]!.t <= now - sc.hpa.scaleDownWindow) hpaHistory.shift();
    const lo = Math.max(sc.minReplicas, 1);
    let next = desired;
    if (proposal > desired) {
      const added = scaleEvents.filter((e) => e.t > now - sc.hpa.scaleUpPeriod && e.delta > 0).reduce((n, e) => n + e.delta, 0);
      next = Math.min(proposal, desired - added + sc.hpa.scaleUpPods);
    } else {
      const recommendation = Math.max(...hpaHistory.filter((h) => h.t > now - sc.hpa.scaleDownWindow).map((h) => h.value));
      if (recommendation < desired) {
        const removed = scaleEvents.filter((e) => e.t > now - sc.hpa.scaleDownPeriod && e.delta < 0).reduce((n, e) => n - e.delta, 0);
        next = Math.max(recommendation, desired + removed - sc.hpa.scaleDownPods);
      }
    }
    next = Math.min(sc.maxReplicas, Math.max(lo, next));
    if (next !== desired) {
      scaleEvents.push({ t: now, delta: next - desired });
      desired = next;
    }
  };

  const terminate = (p: Pod, now: number) => {
    const sigterm = now + sc.preStopSeconds;
    p.terminating = { at: now, cutAt: Math.min(sigterm + sc.shutdownTimeoutSeconds, now + sc.terminationGraceSeconds) };
  };

  let now = 0;
  for (; now <= o.endSeconds || unresolved > 0; now++) {
    // Arrivals and retries.
    for (const c of due.get(now) ?? []) {
      c.attempts += 1;
      const req: Req = { client: c, attemptAt: now, deadline: now + sc.routeTimeoutSeconds };
      if (sc.interceptor) {
        held.push(req);
        // The add-on pushes active=true at once: KEDA scales from zero between polls.
        requestScale(true, now);
      } else if (!dispatch(req, now)) {
        gatewayEvent(503);
        const backoff = Math.min(60, 5 * 2 ** (c.attempts - 1));
        if (o.retryForSeconds > 0 && now + backoff - c.t <= o.retryForSeconds) schedule(c, now + backoff);
        else finish(c, "rejected503", now);
      }
    }
    due.delete(now);
    if (sc.interceptor && concurrency() > 0) lastActive = now;

    // Held requests: dispatched when a replica is ready, 504 after the readiness timeout.
    for (let i = 0; i < held.length; i++) {
      const req = held[i]!;
      if (now - req.attemptAt >= sc.interceptor!.readinessSeconds || now >= req.deadline) {
        held.splice(i--, 1);
        gatewayEvent(504);
        finish(req.client, "timedOut", now);
      } else if (dispatch(req, now)) held.splice(i--, 1);
    }

    // Pods: completions, route timeouts, drains and cuts.
    for (const p of [...pods]) {
      for (const req of [...p.running]) {
        if (req.endsAt! <= now && (!p.terminating || req.endsAt! <= p.terminating.cutAt)) {
          p.running.splice(p.running.indexOf(req), 1);
          gatewayEvent(200);
          finish(req.client, "served", now, req.startedAt);
        } else if (now >= req.deadline) {
          p.running.splice(p.running.indexOf(req), 1);
          gatewayEvent(504);
          finish(req.client, "timedOut", now);
        }
      }
      while (p.running.length < sc.maxRunning && p.waiting.length) {
        const req = p.waiting.shift()!;
        req.startedAt = now;
        req.endsAt = now + req.client.service;
        p.running.push(req);
      }
      if (p.terminating) {
        // vLLM exits once drained (after preStop); at cutAt whatever is left is cut.
        const gone = now >= p.terminating.cutAt || (p.running.length + p.waiting.length === 0 && now >= p.terminating.at + sc.preStopSeconds);
        if (gone) {
          for (const req of [...p.running, ...p.waiting]) {
            gatewayEvent(502);
            finish(req.client, "cutByScaleIn", now);
          }
          pods.splice(pods.indexOf(p), 1);
          if (p.node) {
            p.node.pods.splice(p.node.pods.indexOf(p), 1);
            if (p.node.pods.length === 0) p.node.emptySince = now;
          }
        }
      }
    }

    // Prometheus scrape.
    if (now % SCRAPE_SECONDS === 0) {
      const exporting = pods.filter((p) => p.readyAt !== undefined && p.readyAt <= now);
      snapshots.push({
        t: now,
        waiting: exporting.reduce((n, p) => n + p.waiting.length, 0),
        running: exporting.reduce((n, p) => n + p.running.length, 0),
        gateway: [...gatewayCounts],
        pods: pods.filter((p) => !p.terminating).map((p) => ({ createdAt: p.createdAt, ready: p.readyAt !== undefined && p.readyAt <= now })),
      });
      while (snapshots.length > 2 && snapshots[0]!.t < now - 7200) snapshots.shift();
    }

    // KEDA poll, then the HPA.
    if (now % sc.pollingInterval === 0) requestScale(sc.triggers.some((t, i) => value(t, i, now) > t.activationThreshold), now);
    if (now % HPA_SYNC_SECONDS === 0) hpaSync(now);

    // StatefulSet controller: create missing ordinals (Parallel), remove the highest ones.
    const live = pods.filter((p) => !p.terminating).sort((a, b) => a.ordinal - b.ordinal);
    for (let i = live.length - 1; i >= desired; i--) terminate(live[i]!, now);
    for (let ordinal = 0; ordinal < desired; ordinal++) {
      if (!pods.some((p) => p.ordinal === ordinal)) pods.push({ ordinal, createdAt: now, running: [], waiting: [] });
    }

    // Scheduling onto ready GPU nodes with a free slot; the container starts after bind, attach and (new node) pull.
    for (const p of pods.filter((x) => !x.node && !x.terminating)) {
      const node = nodes.find((n) => n.deletedAt === undefined && n.readyAt <= now && n.pods.length < slots);
      if (!node) continue;
      p.node = node;
      node.pods.push(p);
      node.emptySince = undefined;
      p.containerStartAt = now + bindSeconds + (node.imagePulled ? 0 : pullSeconds);
      node.imagePulled = true;
      const first = !warmOrdinals.has(p.ordinal);
      const start = first ? sc.coldStart.podFirstStartSeconds : sc.coldStart.podStartSeconds;
      if (start > sc.startupProbeSeconds) {
        p.neverReady = true;
        warnings.push(`pod ${p.ordinal}: its start (${start} s) exceeds the startup probe budget (${sc.startupProbeSeconds} s): the kubelet restarts it before it is ever Ready`);
      } else p.readyAt = p.containerStartAt + start;
    }
    for (const p of pods) if (p.readyAt !== undefined && p.readyAt <= now) warmOrdinals.add(p.ordinal);

    // Cluster autoscaler.
    if (now % CA_SCAN_SECONDS === 0) {
      const unplaced = pods.filter((p) => !p.node && !p.terminating).length;
      const coming = nodes.filter((n) => n.deletedAt === undefined && n.readyAt > now).reduce((k, n) => k + slots - n.pods.length, 0);
      let need = Math.ceil(Math.max(0, unplaced - coming) / slots);
      while (need-- > 0 && nodes.filter((n) => n.deletedAt === undefined).length < sc.pool.max) {
        newNode(now, false);
        lastScaleUp = now;
      }
      if (now >= lastScaleUp + CA_DELAY_AFTER_ADD_SECONDS) {
        for (const n of nodes) {
          const alive = nodes.filter((x) => x.deletedAt === undefined).length;
          if (n.deletedAt === undefined && n.pods.length === 0 && n.readyAt <= now && n.emptySince !== undefined && now - n.emptySince >= CA_UNNEEDED_SECONDS && alive > sc.pool.min) n.deletedAt = now;
        }
      }
    }
    for (const n of nodes) if (n.deletedAt === undefined && n.pods.length === 0 && n.emptySince === undefined && n.readyAt <= now) n.emptySince = now;

    if (now % SAMPLE_SECONDS === 0) {
      samples.push({
        t: now,
        desired,
        ready: readyPods(now).length,
        nodes: nodes.filter((n) => n.deletedAt === undefined).length,
        running: pods.reduce((k, p) => k + p.running.length, 0),
        waiting: pods.reduce((k, p) => k + p.waiting.length, 0) + held.length,
      });
    }
    if (now > o.endSeconds + 86_400 * 7) throw new Error("simulation did not settle within a week past the trace");
  }
  const end = now;
  const gpuNodeHours = nodes.reduce((h, n) => h + ((n.deletedAt ?? end) - n.requestedAt) / 3600, 0);
  return {
    requests: clients.map((c) => c.result!),
    gpuNodeHours,
    costEUR: gpuNodeHours * sc.pool.eurPerHour,
    endSeconds: end,
    samples,
    warnings: [...new Set(warnings)],
  };
}
