/**
 * Schedule mode: KEDA cron triggers keep the model warm during business hours in the schedule's time zone. The start
 * is moved earlier by the cold start so the model is ready at opening time; scale to zero follows cooldownPeriod after
 * the end. With holidays, one trigger per month of the horizon lists that month's business days (see
 * business-calendar.ts for why); the horizon's last day is annotated so `validate` can warn before it runs out.
 */
import type { IComGithubKedacoreKedaV2ApisKedaV1alpha1ScaleTriggers as IScaleTriggers } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaleTriggers";
import { cronWeekdays, clockMinutes } from "../calendar/business-calendar.js";
import type { ModelPlan } from "../plan/model-plan.js";

export const HORIZON_ANNOTATION = "llm-gitops.io/holidays-horizon-end";
export const HOLIDAYS_ANNOTATION = "llm-gitops.io/holidays";


/** Warm-up start: business start minus the warm-up lead (the cold start with margin), never before midnight. */
export function warmupStart(m: ModelPlan): { hour: number; minute: number } {
  const s = m.scaling.schedule!;
  const at = Math.max(0, clockMinutes(s.start) - m.timeouts.warmupLeadSeconds / 60);
  return { hour: Math.floor(at / 60), minute: at % 60 };
}

export function scheduleTriggers(m: ModelPlan): IScaleTriggers[] {
  const s = m.scaling.schedule!;
  const from = warmupStart(m);
  const end = { hour: clockMinutes(s.end) / 60 | 0, minute: clockMinutes(s.end) % 60 };
  const base = { timezone: s.timezone, desiredReplicas: String(s.replicas ?? 1) };
  const calendar = m.calendar!;
  if (calendar.months.length === 0) {
    const dow = cronWeekdays(s.days).join(",");
    return [{ type: "cron", name: "business-hours", metadata: { ...base, start: `${from.minute} ${from.hour} * * ${dow}`, end: `${end.minute} ${end.hour} * * ${dow}` } }];
  }
  return calendar.months
    .filter((month) => month.days.length > 0)
    .map((month) => {
      const dom = month.days.join(",");
      return {
        type: "cron",
        name: `business-hours-${month.year}-${String(month.month).padStart(2, "0")}`,
        metadata: { ...base, start: `${from.minute} ${from.hour} ${dom} ${month.month} *`, end: `${end.minute} ${end.hour} ${dom} ${month.month} *` },
      };
    });
}

/** The horizon end and the excluded holidays, for operators and for validate's horizon warning. */
export function scheduleAnnotations(m: ModelPlan): { annotations?: Record<string, string> } {
  const s = m.scaling.schedule;
  if (m.mode !== "schedule" || !s?.holidays) return {};
  const calendar = m.calendar!;
  const excluded = calendar.months.flatMap((month) => month.holidays.map((h) => `${h.date} ${h.name}`));
  return {
    annotations: {
      [HORIZON_ANNOTATION]: calendar.horizonEnd!,
      [HOLIDAYS_ANNOTATION]: `${s.holidays.country}${s.holidays.region ? `-${s.holidays.region}` : ""}: ${excluded.join("; ") || "none on working days"}`,
    },
  };
}
