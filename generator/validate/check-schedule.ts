/**
 * The holiday horizon of schedule-mode ScaledObjects. Cron has no year, so the per-month triggers are right only for
 * the 12 months they were computed for; past the horizon they would repeat last year's business days. Warn 60 days
 * ahead and once it has run out (a warning: the cluster still scales, on a stale calendar).
 */
import { HORIZON_ANNOTATION } from "../layers/schedule-triggers.js";
import type { HorizonEnd } from "./holiday-horizon.js";
import type { KubeDoc } from "./kube-docs.js";

/** Schedule-mode ScaledObjects and the last day of their holiday calendar. */
export function horizonEnds(docs: readonly KubeDoc[]): HorizonEnd[] {
  return docs.flatMap((d) => {
    if (d.kind !== "ScaledObject") return [];
    const end = ((d.data["metadata"] as { annotations?: Record<string, string> }).annotations ?? {})[HORIZON_ANNOTATION];
    return end ? [{ path: d.path, end }] : [];
  });
}
