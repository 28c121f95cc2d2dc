/**
 * The holiday horizon of schedule-mode ScaledObjects. Cron has no year, so the per-month triggers are right only for
 * the 12 months they were computed for; past the horizon they would repeat last year's business days. Warn 60 days
 * ahead and once it has run out (a warning: the cluster still scales, on a stale calendar).
 */
import { HORIZON_ANNOTATION } from "../layers/schedule-triggers.js";
import type { KubeDoc } from "./kube-docs.js";

export const HORIZON_WARNING_DAYS = 60;
const DAY_MS = 86_400_000;

export interface HorizonEnd {
  readonly path: string;
  readonly end: string;
}

/** Schedule-mode ScaledObjects and the last day of their holiday calendar. */
export function horizonEnds(docs: readonly KubeDoc[]): HorizonEnd[] {
  return docs.flatMap((d) => {
    if (d.kind !== "ScaledObject") return [];
    const end = ((d.data["metadata"] as { annotations?: Record<string, string> }).annotations ?? {})[HORIZON_ANNOTATION];
    return end ? [{ path: d.path, end }] : [];
  });
}

export function horizonWarning({ path, end }: HorizonEnd, now: Date): string | undefined {
  // The horizon covers its last day completely.
  const left = Math.floor((Date.parse(`${end}T23:59:59Z`) - now.getTime()) / DAY_MS);
  const fix = "move scaling.schedule.holidays.from forward in the cluster file and run `npm run generate`";
  if (left < 0) return `${path}: the holiday calendar ran out on ${end}: business hours now follow last year's holidays; ${fix}`;
  if (left < HORIZON_WARNING_DAYS) return `${path}: the holiday calendar runs out on ${end} (in ${left} days); ${fix}`;
  return undefined;
}
