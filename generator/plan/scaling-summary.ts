/**
 * What generate tells the operator about each model: how it scales, what a request after idle experiences, and what
 * the GPU capacity costs. Numbers come from the matrix and the catalogue; nothing here is rendered into the tree.
 */
import { clockMinutes } from "../calendar/business-calendar.js";
import type { ClusterPlan } from "./cluster-plan.js";
import type { ModelPlan } from "./model-plan.js";

export const HOURS_PER_MONTH = 730;
const eur = (n: number) => `€${n.toFixed(n < 10 ? 2 : 0)}`;

/** Node-hours per month a model keeps warm at least (0 for scale-to-zero modes, before traffic). */
export function warmHoursPerMonth(m: ModelPlan): number {
  const s = m.scaling;
  if (m.mode === "warm") return m.minReplicas * HOURS_PER_MONTH;
  if (m.mode !== "schedule" || !s.schedule) return s.minReplicas * HOURS_PER_MONTH;
  const sch = s.schedule;
  // Warm from start - warm-up lead until end + cooldown, on each business day.
  const hoursPerDay = (clockMinutes(sch.end) - clockMinutes(sch.start) + m.timeouts.warmupLeadSeconds / 60 + s.cooldownPeriod / 60) / 60;
  const calendar = m.calendar!;
  const daysPerMonth = calendar.months.length > 0 ? calendar.months.reduce((n, mo) => n + mo.days.length, 0) / calendar.months.length : (sch.days.length * 365.25) / 7 / 12;
  return hoursPerDay * daysPerMonth * (sch.replicas ?? 1);
}

/** What a request after idle experiences, in one sentence. */
export function behaviour(m: ModelPlan): string {
  const s = m.scaling;
  const cold = `~${m.coldStart.totalSeconds}s cold start`;
  switch (m.mode) {
    case "none":
      return `at 0 replicas the first request after idle gets 503 from the gateway; that authorised request wakes the model (recent-traffic trigger) and it serves again after the ${cold}. Clients must retry with backoff (or use mode warm, http-addon or schedule)`;
    case "warm":
      return `${m.minReplicas} replica(s) always up: no cold start for the first request; each further replica needs a new GPU node, ~${m.scaleOutColdStart.totalSeconds}s`;
    case "http-addon":
      return `at 0 replicas the KEDA HTTP interceptor holds the first request during the ${cold} (readiness timeout ${m.timeouts.readinessSeconds}s); clients need a timeout above that`;
    case "schedule": {
      const sch = s.schedule!;
      const h = sch.holidays ? `, ${sch.holidays.country} public holidays excluded until ${m.calendar!.horizonEnd}` : "";
      return `warm ${sch.start}-${sch.end} ${sch.timezone} on ${sch.days.join(",")}${h} (warm-up starts one cold start earlier); outside those hours the first request gets 503 and wakes the model (${cold})`;
    }
  }
}

export const nodePrice = (plan: ClusterPlan): number => plan.gpuPool.eurPerHour;
export { eur };

export function scalingSummary(plan: ClusterPlan): string[] {
  const pool = plan.config.nodePools.gpu;
  const price = nodePrice(plan);
  return plan.models.map((m) => {
    const s = m.scaling;
    const warm = warmHoursPerMonth(m);
    const cost = warm > 0 ? `baseline ${Math.round(warm)} node-h/month ≈ ${eur(warm * price)}` : "nothing while idle";
    return `${plan.name}/${m.name}: scaling ${m.mode}, ${m.minReplicas}..${s.maxReplicas} replicas on ${pool.flavor} (${eur(price)}/h per node; ${cost}; each extra replica ${eur(price)}/h while up): ${behaviour(m)}.`;
  });
}
