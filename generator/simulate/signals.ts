/**
 * What a Prometheus trigger's query returns, from what Prometheus scraped: the simulator's model of the rendered
 * queries. The latest scrape for gauges; increase() from the first to the last sample inside the window (two samples
 * at least, as Prometheus needs); the starting query counts pods not Ready and younger than its bound at query time.
 * test/scale-in-live.test.ts checks these values against a real Prometheus evaluating the rendered queries.
 */
import type { Signal } from "./scenario.js";

/** One scrape: the gauges, the cumulative gateway counter per trigger, the model's pods (kube-state-metrics). */
export interface Snapshot {
  readonly t: number;
  readonly waiting: number;
  readonly running: number;
  readonly gateway: readonly number[];
  readonly pods: readonly { createdAt: number; ready: boolean }[];
}

export function prometheusValue(s: Exclude<Signal, { kind: "cron" | "push" }>, triggerIndex: number, snapshots: readonly Snapshot[], now: number): number {
  const last = snapshots[snapshots.length - 1];
  if (!last) return 0;
  switch (s.kind) {
    case "waiting":
      return last.waiting;
    case "running":
      return last.running;
    case "starting":
      return last.pods.filter((p) => !p.ready && now - p.createdAt < s.withinSeconds).length;
    case "gateway": {
      const inWindow = snapshots.filter((x) => x.t > now - s.windowSeconds);
      return inWindow.length < 2 ? 0 : inWindow[inWindow.length - 1]!.gateway[triggerIndex]! - inWindow[0]!.gateway[triggerIndex]!;
    }
  }
}
