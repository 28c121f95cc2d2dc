/**
 * `simulate <cluster> --trace FILE [--model NAME] [--json] [--plot FILE.svg] [--duration S] [--start WHEN]
 * [--retry-for S | --no-retry]`: replays a request trace against the cluster's rendered scaling objects (rendered in
 * memory from the matrix, as generate would) and reports per model what each request got and what the GPU time cost.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EXIT, UsageError } from "../errors.js";
import { displayPath, loadMatrix } from "../matrix/load.js";
import { planCluster } from "../plan/cluster-plan.js";
import { render } from "../render/render.js";
import { zonedEpoch } from "../simulate/cron.js";
import { simulate } from "../simulate/engine.js";
import { report, reportLines } from "../simulate/report.js";
import { ScenarioError, scenarioOf } from "../simulate/scenario.js";
import { plot } from "../simulate/svg.js";
import { parseTrace } from "../simulate/trace.js";
import { resolveDir } from "./options.js";
import type { Io } from "./report.js";

export interface SimulateOptions {
  readonly cluster: string;
  readonly clusters: string;
  readonly trace: string;
  readonly model?: string;
  readonly json: boolean;
  readonly plot?: string;
  readonly duration?: string;
  readonly start?: string;
  readonly retryFor?: string;
  readonly retry: boolean;
  readonly freshVolumes: boolean;
  readonly prefillTps?: string;
  readonly decodeTps?: string;
}

/** A Monday in January with no Austrian holiday, inside the example schedule's calendar horizon. */
const DEFAULT_START = "2027-01-11T00:00";

const positive = (flag: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} ${v}: not a number of seconds >= 0`);
  return n;
};

function startEpoch(start: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(start);
  if (m) return zonedEpoch(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), timeZone);
  const t = Date.parse(start);
  if (Number.isNaN(t)) throw new UsageError(`--start ${start}: give YYYY-MM-DDTHH:MM (wall time in the schedule's time zone) or an ISO instant`);
  return t;
}

export function simulateCommand(o: SimulateOptions, io: Io): number {
  const matrix = loadMatrix(resolveDir(o.clusters));
  const cluster = matrix.clusters.find((c) => c.name === o.cluster);
  if (!cluster) throw new UsageError(`simulate: no cluster ${o.cluster} (clusters: ${matrix.clusters.map((c) => c.name).join(", ")})`);
  const plan = planCluster(cluster);
  const models = plan.models.filter((m) => !o.model || m.name === o.model);
  if (models.length === 0) throw new UsageError(`simulate: cluster ${o.cluster} has no model ${o.model ?? ""} (models: ${plan.models.map((m) => m.name).join(", ") || "none"})`);
  let text: string;
  try {
    text = readFileSync(o.trace, "utf8");
  } catch {
    throw new UsageError(`--trace ${o.trace}: cannot read the file`);
  }
  const trace = parseTrace(displayPath(path.resolve(o.trace)), text);
  const docs = render({ clusters: [{ name: cluster.name, config: cluster.config }] }).docs;
  const lastArrival = trace.requests[trace.requests.length - 1]!.t;
  const reports = models.map((m) => {
    const timeZone = m.scaling.schedule?.timezone ?? "UTC";
    let scenario;
    try {
      scenario = scenarioOf(plan, m, docs);
    } catch (e) {
      if (e instanceof ScenarioError) throw new UsageError(`simulate: ${e.message}`);
      throw e;
    }
    // By default the trace runs until the model is idle again: cooldown, the node's unneeded time and margin.
    const settle = m.timeouts.trafficWindowSeconds + m.scaling.cooldownPeriod + 1800;
    const endSeconds = trace.endSeconds ?? lastArrival + positive("--duration", o.duration, settle);
    const result = simulate(scenario, trace.requests, {
      startEpochMs: startEpoch(o.start ?? DEFAULT_START, timeZone),
      endSeconds,
      retryForSeconds: o.retry ? positive("--retry-for", o.retryFor, m.timeouts.clientRetrySeconds) : 0,
      warmVolumes: o.freshVolumes ? 0 : Math.max(1, m.minReplicas),
      prefillTokensPerSecond: positive("--prefill-tps", o.prefillTps, 2000),
      decodeTokensPerSecond: positive("--decode-tps", o.decodeTps, 30),
    });
    if (o.plot) {
      const file = models.length > 1 ? o.plot.replace(/(\.svg)?$/, `-${m.name}.svg`) : o.plot;
      writeFileSync(file, plot(`${plan.name}/${m.name} (${m.mode}): ${path.basename(o.trace)}`, result.samples, result.requests, result.endSeconds));
    }
    return report(m.name, result);
  });
  if (o.json) io.out(JSON.stringify({ cluster: plan.name, trace: path.basename(o.trace), models: reports }, null, 2));
  else for (const r of reports) for (const line of reportLines(plan.name, r)) io.out(line);
  return EXIT.ok;
}
