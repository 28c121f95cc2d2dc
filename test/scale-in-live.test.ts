/**
 * Scale-in never kills a request in flight, and an idle model still reaches zero: dev's rendered ScaledObject triggers
 * evaluated the way KEDA evaluates them (kedacore/keda v2.20.2 pkg/scalers/prometheus_scaler.go: an empty result is 0
 * with the default ignoreNullValues, more than one series is an error, active when value > activationThreshold;
 * scale_handler.go: the object is active when any trigger is) against a real Prometheus on 127.0.0.1 that scrapes a
 * fake endpoint speaking vLLM's, Istio's and kube-state-metrics' exposition formats. In each phase the simulator's
 * model of the same rendered triggers (generator/simulate/signals.ts), fed the same state, must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayRequestsQuery } from "../generator/layers/keda-scaling.js";
import { loadMatrix } from "../generator/matrix/load.js";
import { planCluster } from "../generator/plan/cluster-plan.js";
import { render } from "../generator/render/render.js";
import { scenarioOf } from "../generator/simulate/scenario.js";
import { prometheusValue, type Snapshot } from "../generator/simulate/signals.js";
import { EXAMPLE_CLUSTERS } from "./helpers.js";
import { PROMETHEUS, PROMETHEUS_SKIP, eventually, fakeExporter, startPrometheus, type PrometheusServer } from "./prometheus-server.js";

const MODEL = 'engine="0",model_name="llama-3-1-8b"';
const POD = 'namespace="vllm",pod="vllm-llama-3-1-8b-0"';
interface Trigger { type: string; name: string; metadata: { query: string; activationThreshold?: string } }

/** What the fake endpoint exports now: the test moves it through the phases of a model's life. */
const state = { running: 0, waiting: 0, ok: 0, refused: 0, createdAgo: undefined as number | undefined, ready: true };
function exposition(): string {
  const lines = [
    "# TYPE vllm:num_requests_running gauge",
    `vllm:num_requests_running{${MODEL}} ${state.running}`,
    "# TYPE vllm:num_requests_waiting gauge",
    `vllm:num_requests_waiting{${MODEL}} ${state.waiting}`,
    "# TYPE istio_requests_total counter",
    `istio_requests_total{reporter="source",destination_service_name="vllm-llama-3-1-8b",destination_service_namespace="vllm",response_code="200",response_flags="-"} ${state.ok}`,
    `istio_requests_total{reporter="source",destination_service_name="vllm-llama-3-1-8b",destination_service_namespace="vllm",response_code="403",response_flags="-"} ${state.refused}`,
  ];
  if (state.createdAgo !== undefined) {
    lines.push(`kube_pod_created{${POD}} ${Math.floor(Date.now() / 1000) - state.createdAgo}`);
    lines.push(`kube_pod_status_ready{${POD},condition="false"} ${state.ready ? 0 : 1}`, `kube_pod_status_ready{${POD},condition="true"} ${state.ready ? 1 : 0}`);
  }
  return `${lines.join("\n")}\n`;
}

describe.skipIf(!PROMETHEUS)(`dev's scale-to-zero triggers in a real Prometheus${PROMETHEUS ? "" : ` — ${PROMETHEUS_SKIP}`}`, () => {
  const docs = render(loadMatrix(EXAMPLE_CLUSTERS)).docs;
  const so = docs.find((d) => d.path === "apps/dev/manifests/vllm/scaledobject-vllm-llama-3-1-8b-scaler.yaml")!.data as { spec: { triggers: Trigger[] } };
  const triggers = so.spec.triggers.filter((t) => t.type === "prometheus");
  // The simulator's reading of the same rendered triggers, fed the same state as the fake endpoint.
  const dev = planCluster(loadMatrix(EXAMPLE_CLUSTERS).clusters.find((c) => c.name === "dev")!);
  const simTriggers = scenarioOf(dev, dev.models[0]!, docs).triggers;
  const snapshots: Snapshot[] = [];
  const snap = () => {
    const nowS = Date.now() / 1000;
    snapshots.push({
      t: nowS,
      waiting: state.waiting,
      running: state.running,
      gateway: simTriggers.map((t) => (t.signal.kind === "gateway" ? state.ok : 0)),
      pods: state.createdAgo === undefined ? [] : [{ createdAt: nowS - state.createdAgo, ready: state.ready }],
    });
  };
  const simulatorActive = () => {
    snap();
    const nowS = Date.now() / 1000;
    return simTriggers.filter((t, i) => t.signal.kind !== "cron" && t.signal.kind !== "push" && prometheusValue(t.signal, i, snapshots, nowS) > t.activationThreshold).map((t) => t.name);
  };
  let prom: PrometheusServer;
  let exporter: Awaited<ReturnType<typeof fakeExporter>>;

  /** KEDA's view of one trigger: its value and whether it is active. */
  const evaluate = async (t: Trigger) => {
    const result = await prom.query(t.metadata.query);
    if (result.length > 1) throw new Error(`${t.name}: ${result.length} series; KEDA's Prometheus scaler errors on more than one`);
    const value = result.length === 0 ? 0 : Number(result[0]!.value[1]);
    return { value, active: value > Number(t.metadata.activationThreshold ?? "0") };
  };
  const activeTriggers = async () => {
    const out: string[] = [];
    for (const t of triggers) if ((await evaluate(t)).active) out.push(t.name);
    return out;
  };
  /** Waits until Prometheus has scraped the new state (the in-flight gauge shows it) before judging. */
  const settle = (check: () => Promise<boolean>) => eventually(async () => ((await check()) ? true : undefined));

  beforeAll(async () => {
    exporter = await fakeExporter(exposition);
    prom = await startPrometheus([{ port: exporter.port, labels: { namespace: "vllm" } }], { groups: [] });
  }, 30_000);

  afterAll(async () => {
    await prom?.stop();
    await exporter?.close();
  });

  it("GIVEN one request running and none waiting WHEN KEDA polls THEN the object stays active (the old queue + 503 triggers would have scaled it to zero)", async () => {
    state.running = 1;
    await settle(async () => (await evaluate(triggers.find((t) => t.name === "in-flight")!)).value === 1);
    expect(await activeTriggers()).toEqual(["in-flight"]);
    expect(simulatorActive()).toEqual(["in-flight"]);
    // The triggers this replaces: the queue and a wake-up on gateway 503s; under light load both read 0.
    const queue = await evaluate(triggers.find((t) => t.name === "queue")!);
    const old503 = await prom.query(gatewayRequestsQuery({ service: "vllm-llama-3-1-8b", namespace: "vllm", codes: "503|504", window: "2m" }));
    expect([queue.active, old503.length]).toEqual([false, 0]);
  });

  it("GIVEN nothing running, waiting, starting or arriving WHEN KEDA polls THEN every trigger is inactive, so the model reaches zero after the cooldown", async () => {
    state.running = 0;
    await settle(async () => (await evaluate(triggers.find((t) => t.name === "in-flight")!)).value === 0);
    expect(await activeTriggers()).toEqual([]);
    expect(simulatorActive()).toEqual([]);
  });

  it("GIVEN only requests the edge refused (403) WHEN KEDA polls THEN nothing activates: an unauthenticated request never wakes a GPU", async () => {
    for (let i = 0; i < 6; i++) {
      state.refused += 5;
      await new Promise((r) => setTimeout(r, 1100));
    }
    await settle(async () => Number((await prom.query('sum(istio_requests_total{response_code="403"})'))[0]?.value[1] ?? 0) >= 30);
    expect(await activeTriggers()).toEqual([]);
    expect(simulatorActive()).toEqual([]);
  });

  it("GIVEN a pod created a minute ago and not Ready (vLLM exports nothing while it loads) WHEN KEDA polls THEN it is kept; once Ready it no longer counts", async () => {
    state.createdAgo = 60;
    state.ready = false;
    await settle(async () => (await evaluate(triggers.find((t) => t.name === "starting")!)).active);
    expect(await activeTriggers()).toEqual(["starting"]);
    expect(simulatorActive()).toEqual(["starting"]);
    state.ready = true;
    await settle(async () => !(await evaluate(triggers.find((t) => t.name === "starting")!)).active);
    // A pod stuck past its cold-start budget does not hold the GPU node forever (VllmStuckStarting alerts instead).
    state.createdAgo = 100_000;
    state.ready = false;
    await new Promise((r) => setTimeout(r, 2500));
    expect((await evaluate(triggers.find((t) => t.name === "starting")!)).active).toBe(false);
    state.createdAgo = undefined;
  });

  it("GIVEN authorised requests through the gateway WHEN KEDA polls THEN recent traffic keeps the model active for the window", async () => {
    snap();
    for (let i = 0; i < 3; i++) {
      state.ok += 2;
      await new Promise((r) => setTimeout(r, 1100));
      snap();
    }
    await settle(async () => (await evaluate(triggers.find((t) => t.name === "recent-traffic")!)).active);
    expect(await activeTriggers()).toEqual(["recent-traffic"]);
    // The simulator's scale-in decision agrees with Prometheus on every phase.
    expect(simulatorActive()).toEqual(["recent-traffic"]);
  });
});
