/**
 * plan: every number once, the seed's cost table; simulate: the rendered scaling replayed against traces — each mode's
 * expected outcome, the seed's scale-to-zero story, and the regression a long request under light load was.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { businessCalendar } from "../generator/calendar/business-calendar.js";
import { loadMatrix } from "../generator/matrix/load.js";
import { planCluster } from "../generator/plan/cluster-plan.js";
import type { RenderedDoc } from "../generator/render/output-file.js";
import { render } from "../generator/render/render.js";
import { simulate } from "../generator/simulate/engine.js";
import { report } from "../generator/simulate/report.js";
import { scenarioOf } from "../generator/simulate/scenario.js";
import { parseTrace } from "../generator/simulate/trace.js";
import { readFileSync, writeFileSync } from "node:fs";
import { EXAMPLE_CLUSTERS, ROOT, VARIANT_CLUSTERS, cli, tempDir } from "./helpers.js";

const TRACES = path.join(ROOT, "traces");
const json = (r: { code: number; out: string; err: string }) => {
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

describe("plan", () => {
  it("GIVEN dev (one rtx5000-28 node at EUR 0.36/h) THEN the GPU pool costs the seed's 263, 88 and 22 a month", () => {
    const [dev] = json(cli("plan", "dev", "--clusters", EXAMPLE_CLUSTERS, "--json"));
    expect(dev.name).toBe("dev");
    const g = dev.gpuMonthlyCostEUR;
    expect([Math.round(g.alwaysOn), Math.round(g.businessHours), Math.round(g.occasional)]).toEqual([263, 88, 22]);
    // 0.36 x 730 h, 0.36 x 8 h x 365/12, 0.36 x 2 h x 365/12.
    expect([g.alwaysOn, g.businessHours, g.occasional]).toEqual([262.8, 87.6, 21.9]);
    // Scale to zero: nothing is kept up; the CPU pool (2 x b3-16 at EUR 0.1023/h) is the whole configured bill.
    expect(g.configured).toBe(0);
    expect(dev.totalMonthlyCostEUR).toBe(149.36);
    expect(dev.prices.gpu).toMatchObject({ flavor: "rtx5000-28", eurPerHour: 0.36 });
  });

  it("prints the seed's figures, the cold start by step, the largest context that fits and the layers with their pins", () => {
    const r = cli("plan", "dev", "--clusters", EXAMPLE_CLUSTERS);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/always on +€263\n +business hours \(8 h\/d\) €88\n +occasional \(2 h\/d\) +€22/);
    expect(r.out).toMatch(/cold start from zero replicas \(GPU pool at 0 nodes\): 1222 s/);
    expect(r.out).toMatch(/ +600 s +OVH GPU node until Ready/);
    expect(r.out).toMatch(/the largest context that fits is 73728 tokens/);
    expect(r.out).toMatch(/ +80 +vllm +manifests in this repository/);
    expect(r.out).toMatch(/ +40 +kube-prometheus-stack +kube-prometheus-stack 88\.5\.3/);
  });

  it("GIVEN prod (one L40S node always up) THEN every profile costs the always-on node, and the total adds the CPU pool", () => {
    const [prod] = json(cli("plan", "prod", "--clusters", EXAMPLE_CLUSTERS, "--json"));
    expect(prod.gpuMonthlyCostEUR).toEqual({ alwaysOn: 1022, businessHours: 1022, occasional: 1022, configured: 1022 });
    expect(prod.totalMonthlyCostEUR).toBe(cents(1022 + 3 * 0.2046 * 730));
  });

  it("GIVEN the schedule variant THEN the configured cost follows its Austrian business days, holidays excluded", () => {
    const cluster = loadMatrix(VARIANT_CLUSTERS).clusters.find((c) => c.name === "schedule")!;
    const plan = planCluster(cluster);
    const m = plan.models[0]!;
    const days = m.calendar!.months.reduce((n, mo) => n + mo.days.length, 0);
    // Warm from 08:00 - 31 min (the warm-up lead) to 18:00 + the 300 s cooldown, on each business day of the horizon.
    const hoursPerDay = (10 * 60 + m.timeouts.warmupLeadSeconds / 60 + 5) / 60;
    expect(plan.costs.gpu.configured).toBeCloseTo(0.36 * hoursPerDay * (days / 12), 6);
    const [schedule] = json(cli("plan", "schedule", "--clusters", VARIANT_CLUSTERS, "--json"));
    expect(schedule.gpuMonthlyCostEUR.configured).toBe(cents(plan.costs.gpu.configured));
  });

  it("knows the Austrian public holidays of 2027 on working days: New Year, Epiphany, Easter Monday, Ascension, Whit Monday, Corpus Christi, National Day, All Saints, Immaculate Conception", () => {
    const cal = businessCalendar({ timezone: "Europe/Vienna", days: ["mon", "tue", "wed", "thu", "fri"], start: "08:00", end: "18:00", holidays: { country: "AT", from: "2027-01" } });
    const dates = cal.months.flatMap((mo) => mo.holidays.map((h) => h.date));
    expect(dates).toEqual(["2027-01-01", "2027-01-06", "2027-03-29", "2027-05-06", "2027-05-17", "2027-05-27", "2027-10-26", "2027-11-01", "2027-12-08"]);
    // January 2027: 21 weekdays, two of them holidays.
    expect(cal.months[0]!.days).toHaveLength(19);
  });

  it("refuses an unknown cluster name with exit 2", () => {
    const r = cli("plan", "staging", "--clusters", EXAMPLE_CLUSTERS);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no cluster staging .*clusters: dev, prod/);
  });
});

const cents = (n: number) => Math.round(n * 100) / 100;

describe("simulate", () => {
  const run = (cluster: string, trace: string, dir = EXAMPLE_CLUSTERS, ...more: string[]) => json(cli("simulate", cluster, "--clusters", dir, "--trace", path.join(TRACES, trace), "--json", ...more)).models[0];

  it("GIVEN dev idle at zero WHEN a burst arrives THEN the first requests get 503 and are served after the cold start; the GPU node is released after", () => {
    const m = run("dev", "burst-from-zero.jsonl");
    expect(m.requests).toEqual({ total: 20, served: 20, rejected503: 0, timedOut: 0, cutByScaleIn: 0 });
    expect(m.attempts).toBeGreaterThan(20);
    // From zero nodes: poll + node + driver + image + load, ~1,222 s.
    expect(m.firstByteWaitSeconds.max).toBeGreaterThanOrEqual(1200);
    expect(m.firstByteWaitSeconds.max).toBeLessThan(1300);
    // One node for the cold start, the burst and the tail (traffic window, cooldown, the autoscaler's 10 + 10 min).
    expect(m.gpuNodeHours).toBeGreaterThan(0.5);
    expect(m.gpuNodeHours).toBeLessThan(1.5);
    expect(m.costEUR).toBeCloseTo(m.gpuNodeHours * 0.36, 1);
  });

  it("GIVEN clients that do not retry THEN the requests that found the model at zero are lost as 503s", () => {
    const m = run("dev", "burst-from-zero.jsonl", EXAMPLE_CLUSTERS, "--no-retry");
    expect(m.requests.rejected503).toBe(20);
    expect(m.requests.served).toBe(0);
  });

  it("GIVEN an idle day on dev THEN the node is released between the three requests: hours of GPU, not a day", () => {
    const m = run("dev", "idle-day.jsonl");
    expect(m.requests.served).toBe(3);
    expect(m.gpuNodeHours).toBeLessThan(4);
  });

  it("GIVEN prod (warm) and a business day THEN no request waits for a cold start", () => {
    const m = run("prod", "business-day.csv");
    expect(m.requests.served).toBe(m.requests.total);
    expect(m.firstByteWaitSeconds.max).toBe(0);
    expect(m.gpuNodeHours).toBeCloseTo(24, 1);
  });

  it("GIVEN http-addon and a burst from zero THEN the first request is held (no 503) and served after the cold start", () => {
    const m = run("http-addon", "burst-from-zero.jsonl", VARIANT_CLUSTERS);
    expect(m.requests).toEqual({ total: 20, served: 20, rejected503: 0, timedOut: 0, cutByScaleIn: 0 });
    expect(m.attempts).toBe(20);
    expect(m.firstByteWaitSeconds.max).toBeGreaterThan(1100);
  });

  it("GIVEN schedule and a business day THEN it is warm during business hours (no wait) and costs about the hours it is warm", () => {
    const m = run("schedule", "business-day.csv", VARIANT_CLUSTERS);
    expect(m.requests.served).toBe(m.requests.total);
    expect(m.firstByteWaitSeconds.max).toBe(0);
    // 07:29 to ~18:15 on a Monday in January.
    expect(m.gpuNodeHours).toBeGreaterThan(10.5);
    expect(m.gpuNodeHours).toBeLessThan(12);
  });

  it("is deterministic: the same trace gives the same bytes", () => {
    const a = cli("simulate", "dev", "--clusters", EXAMPLE_CLUSTERS, "--trace", path.join(TRACES, "business-day.csv"), "--json");
    const b = cli("simulate", "dev", "--clusters", EXAMPLE_CLUSTERS, "--trace", path.join(TRACES, "business-day.csv"), "--json");
    expect(a.out).toBe(b.out);
  });

  it("writes an SVG with replicas, nodes, queue and outcomes", () => {
    const file = path.join(tempDir(), "plot.svg");
    expect(cli("simulate", "dev", "--clusters", EXAMPLE_CLUSTERS, "--trace", path.join(TRACES, "long-request.jsonl"), "--plot", file).code).toBe(0);
    const svg = readFileSync(file, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    for (const label of ["desired replicas", "ready replicas", "GPU nodes", "waiting or held", "cutByScaleIn"]) expect(svg).toContain(label);
    expect((svg.match(/<polyline/g) ?? []).length).toBe(5);
  });

  it("reports a bad trace with located errors and exit 2", () => {
    const dir = tempDir();
    const file = path.join(dir, "bad.csv");
    writeFileSync(file, "t,durationSeconds\n0,5\nten,5\n30,-1\n");
    const r = cli("simulate", "dev", "--clusters", EXAMPLE_CLUSTERS, "--trace", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.csv:3:1: t must be a number >= 0, got "ten"/);
    expect(r.err).toMatch(/bad\.csv:4:1: durationSeconds must be a number >= 0, got "-1"/);
  });
});

describe("simulate: the regression a long request under light load was", () => {
  const trace = parseTrace("long-request.jsonl", readFileSync(path.join(TRACES, "long-request.jsonl"), "utf8"));
  const setup = (mutate?: (docs: RenderedDoc[]) => void) => {
    const cluster = loadMatrix(EXAMPLE_CLUSTERS).clusters.find((c) => c.name === "dev")!;
    const plan = planCluster(cluster);
    const docs = render({ clusters: [cluster] }).docs.map((d) => ({ ...d, data: structuredClone(d.data) }));
    mutate?.(docs);
    const m = plan.models[0]!;
    return report(m.name, simulate(scenarioOf(plan, m, docs), trace.requests, { startEpochMs: Date.UTC(2027, 0, 11), endSeconds: 7200, retryForSeconds: m.timeouts.clientRetrySeconds, warmVolumes: 1, prefillTokensPerSecond: 2000, decodeTokensPerSecond: 30 }));
  };
  /** The ScaledObject and pod termination before this release: queue + gateway 503 wake-up, 60 s grace, no drain. */
  const oldConfig = (docs: RenderedDoc[]) => {
    const so = docs.find((d) => d.path.endsWith("scaledobject-vllm-llama-3-1-8b-scaler.yaml"))!.data as any;
    const wake = { type: "prometheus", name: "gateway-wake", metadata: { serverAddress: "x", query: 'sum(increase(istio_requests_total{reporter="source",destination_service_name="vllm-llama-3-1-8b",destination_service_namespace="vllm",response_code=~"503|504"}[2m]))', threshold: "1000000", activationThreshold: "0" } };
    so.spec.triggers = [so.spec.triggers[0], wake];
    const pod = (docs.find((d) => d.path.endsWith("statefulset-vllm-llama-3-1-8b.yaml"))!.data as any).spec.template.spec;
    pod.terminationGracePeriodSeconds = 60;
    delete pod.containers[0].lifecycle;
    pod.containers[0].args = pod.containers[0].args.filter((a: string) => !a.startsWith("--shutdown-timeout"));
  };

  it("GIVEN the rendered triggers and drain THEN the 480 s generation is served, not cut", () => {
    expect(setup().requests).toEqual({ total: 2, served: 2, rejected503: 0, timedOut: 0, cutByScaleIn: 0 });
  });

  it("GIVEN the old triggers and termination THEN KEDA scales to zero mid-request and the generation is cut", () => {
    expect(setup(oldConfig).requests.cutByScaleIn).toBe(1);
  });
});
