/**
 * Scaling and observability checks a JSON Schema cannot express: the schedule's time zone, hours and holiday
 * country; which mode needs which block; the HTTP add-on version that has InterceptorRoute; SigNoz's endpoint.
 */
import { clockMinutes } from "../calendar/business-calendar.js";
import { CHARTS } from "../catalog/charts.js";
import { holidayCountries, holidayRegions } from "../calendar/holidays.js";
import type { InputProblem } from "../errors.js";
import type { ClusterCheck } from "./checks.js";
import type { ClusterSource } from "./cluster-source.js";
import { resolvedScaling } from "./model-defaults.js";
import type { ClusterConfig, ModelConfig } from "./schema.js";
import { didYouMean } from "./suggest.js";

/** InterceptorRoute and the external-push trigger on it exist from keda-add-ons-http 0.14.0. */
export const MIN_HTTP_ADDON = [0, 14, 0] as const;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const semver = (v: string) => v.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
const older = (v: readonly number[], min: readonly number[]) => {
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) < min[i]!;
  return false;
};

function scheduleProblems(model: ModelConfig, i: number, source: ClusterSource): InputProblem[] {
  const at = (...p: (string | number)[]) => ["models", i, "scaling", ...p];
  const scaling = resolvedScaling(model);
  const s = scaling.schedule;
  const where = `models[${i}].scaling`;
  if (scaling.mode !== "schedule") {
    return s ? [source.problem(at("schedule"), `${where}.schedule is only used with mode: schedule (mode is ${scaling.mode}); remove it or set mode: schedule`, true)] : [];
  }
  if (!s) return [source.problem(at("mode"), `${where}: mode schedule needs a schedule block (timezone, days, start, end and optionally holidays)`)];
  const problems: InputProblem[] = [];
  if (!isTimeZone(s.timezone)) {
    problems.push(source.problem(at("schedule", "timezone"), `${where}.schedule.timezone: '${s.timezone}' is not an IANA time zone (such as Europe/Vienna or UTC)`));
  }
  if (clockMinutes(s.end) <= clockMinutes(s.start)) {
    problems.push(source.problem(at("schedule", "end"), `${where}.schedule: business hours end (${s.end}) must be after start (${s.start}) on the same day`));
  }
  if (s.holidays) {
    const countries = holidayCountries();
    const { country, region } = s.holidays;
    if (!countries.includes(country)) {
      problems.push(source.problem(at("schedule", "holidays", "country"), `${where}.schedule.holidays.country: unknown holiday country '${country}'.${didYouMean(country, countries)} Use an ISO 3166 code that date-holidays knows, such as AT or DE`));
    } else if (region !== undefined && !holidayRegions(country).includes(region)) {
      const regions = holidayRegions(country);
      problems.push(source.problem(at("schedule", "holidays", "region"), `${where}.schedule.holidays.region: unknown region '${region}' of ${country}. Known: ${regions.join(", ") || "(none)"}`));
    }
  }
  if (scaling.minReplicas >= (s.replicas ?? 1)) {
    problems.push(source.problem(at("minReplicas"), `${where}: minReplicas (${scaling.minReplicas}) leaves nothing to schedule: business hours keep ${s.replicas ?? 1} replica(s); use minReplicas 0 (or mode warm)`));
  }
  return problems;
}

export const scalingChecks: ClusterCheck = (config, source) => {
  const problems: InputProblem[] = [];
  config.models.forEach((model, i) => {
    problems.push(...scheduleProblems(model, i, source));
    if (model.scaling?.httpConcurrency !== undefined && resolvedScaling(model).mode !== "http-addon") {
      problems.push(source.problem(["models", i, "scaling", "httpConcurrency"], `models[${i}].scaling.httpConcurrency is only used with mode: http-addon`, true));
    }
  });
  const version = config.charts?.["keda-add-ons-http"] ?? CHARTS["keda-add-ons-http"].version;
  if (config.models.some((m) => resolvedScaling(m).mode === "http-addon") && older(semver(version), MIN_HTTP_ADDON)) {
    problems.push(
      source.problem(["charts", "keda-add-ons-http"], `charts.keda-add-ons-http ${version} has no InterceptorRoute: mode http-addon needs ${MIN_HTTP_ADDON.join(".")} or newer (HTTPScaledObject is deprecated and cannot share a ScaledObject with the queue trigger)`),
    );
  }
  problems.push(...observabilityProblems(config, source));
  return problems;
};

function observabilityProblems(config: ClusterConfig, source: ClusterSource): InputProblem[] {
  const o = config.observability;
  if (o.backend === "signoz" && !o.signoz) {
    return [source.problem(["observability", "backend"], "observability: backend signoz needs observability.signoz.queryEndpoint (SigNoz's Prometheus-compatible query URL, see kubectl get svc -n signoz) and observability.signoz.collector")];
  }
  if (o.backend !== "signoz" && o.signoz) {
    return [source.problem(["observability", "signoz"], `observability.signoz is only used with backend: signoz (backend is ${o.backend})`, true)];
  }
  return [];
}
