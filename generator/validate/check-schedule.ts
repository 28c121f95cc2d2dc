/**
 * The holiday horizon of schedule-mode ScaledObjects. Cron has no year, so the per-month triggers are right only for
 * the 12 months they were computed for; past the horizon they would repeat last year's business days. Warn 60 days
 * ahead and once it has run out (a warning: the cluster still scales, on a stale calendar).
 */
import { HORIZON_ANNOTATION } from "../layers/schedule-triggers.js";
import type { KubeDoc } from "./kube-docs.js";

export const HORIZON_WARNING_DAYS = 60;
const DAY_MS = 86_400_000;

export function scheduleHorizonWarnings(docs: readonly KubeDoc[], now: Date): string[] {
  const notes: string[] = [];
  for (const d of docs) {
    if (d.kind !== "ScaledObject") continue;
    const end = ((d.data["metadata"] as { annotations?: Record<string, string> }).annotations ?? {})[HORIZON_ANNOTATION];
    if (!end) continue;
    // The horizon covers its last day completely.
    const left = Math.floor((Date.parse(`${end}T23:59:59Z`) - now.getTime()) / DAY_MS);
    const fix = "move scaling.schedule.holidays.from forward in the cluster file and run `npm run generate`";
    if (left < 0) notes.push(`${d.path}: the holiday calendar ran out on ${end}: business hours now follow last year's holidays; ${fix}`);
    else if (left < HORIZON_WARNING_DAYS) notes.push(`${d.path}: the holiday calendar runs out on ${end} (in ${left} days); ${fix}`);
  }
  return notes;
}
