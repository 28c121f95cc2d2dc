/** The simulator's totals per model: outcomes by cause, GPU node-hours and cost, waits for a first byte. */
import type { Outcome, SimResult } from "./engine.js";

export interface SimReport {
  readonly model: string;
  readonly requests: Readonly<Record<"total" | Outcome, number>>;
  readonly gpuNodeHours: number;
  readonly costEUR: number;
  readonly firstByteWaitSeconds: { readonly p50: number | null; readonly p95: number | null; readonly max: number | null };
  readonly attempts: number;
  readonly simulatedSeconds: number;
  readonly warnings: readonly string[];
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: readonly number[], p: number): number | null => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function report(model: string, r: SimResult): SimReport {
  const count = (o: Outcome) => r.requests.filter((q) => q.outcome === o).length;
  const waits = r.requests.flatMap((q) => (q.firstByteWait !== undefined ? [q.firstByteWait] : [])).sort((a, b) => a - b);
  return {
    model,
    requests: { total: r.requests.length, served: count("served"), rejected503: count("rejected503"), timedOut: count("timedOut"), cutByScaleIn: count("cutByScaleIn") },
    gpuNodeHours: round(r.gpuNodeHours, 3),
    costEUR: round(r.costEUR, 2),
    firstByteWaitSeconds: { p50: percentile(waits, 50), p95: percentile(waits, 95), max: waits.length ? waits[waits.length - 1]! : null },
    attempts: r.requests.reduce((n, q) => n + q.attempts, 0),
    simulatedSeconds: r.endSeconds,
    warnings: r.warnings,
  };
}

export function reportLines(cluster: string, rep: SimReport): string[] {
  const q = rep.requests;
  const w = rep.firstByteWaitSeconds;
  return [
    `${cluster}/${rep.model}: ${q.total} requests over ${Math.round(rep.simulatedSeconds / 60)} min: ${q.served} served, ${q.rejected503} gave up after 503s, ${q.timedOut} timed out, ${q.cutByScaleIn} cut by scale-in (${rep.attempts} attempts with retries)`,
    `  wait for a first byte: p50 ${w.p50 ?? "-"} s, p95 ${w.p95 ?? "-"} s, max ${w.max ?? "-"} s`,
    `  GPU: ${rep.gpuNodeHours} node-hours, €${rep.costEUR.toFixed(2)}`,
    ...rep.warnings.map((x) => `  warning: ${x}`),
  ];
}
