/**
 * Business days for KEDA cron triggers. Cron has no year field and robfig/cron (KEDA's parser) ORs day-of-month with
 * day-of-week when both are restricted, so holidays cannot be subtracted from "mon-fri". Instead each month of a
 * 12-month horizon gets its own trigger listing its business days of month; every calendar month appears once, so a
 * trigger never matches a day of another month, and the horizon ends before the same month repeats.
 */
import type { ScheduleConfig } from "../matrix/schema.js";
import { WEEKDAYS } from "./weekdays.js";
import { publicHolidays, type Holiday } from "./holidays.js";

export const HORIZON_MONTHS = 12;

export interface BusinessMonth {
  readonly year: number;
  readonly month: number;
  /** Days of month that are business days. */
  readonly days: readonly number[];
  /** Public holidays that fall on a working weekday of this month (excluded). */
  readonly holidays: readonly Holiday[];
}

export interface BusinessCalendar {
  /** Months of the horizon; empty when no holidays are configured (plain day-of-week cron then). */
  readonly months: readonly BusinessMonth[];
  /** Last day covered ("YYYY-MM-DD"), or undefined without holidays. */
  readonly horizonEnd?: string;
}

/** Minutes after midnight of an "HH:MM" time of day. */
export const clockMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const pad = (n: number) => String(n).padStart(2, "0");
/** Weekday of a calendar date, independent of the machine's time zone (0 = Sunday, as cron counts). */
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** Cron day-of-week numbers of the configured working days. */
export const cronWeekdays = (days: ScheduleConfig["days"]): number[] =>
  days.map((d) => (WEEKDAYS.indexOf(d) + 1) % 7).sort((a, b) => a - b);

export function businessCalendar(schedule: ScheduleConfig): BusinessCalendar {
  const h = schedule.holidays;
  if (!h) return { months: [] };
  const [fromYear, fromMonth] = h.from.split("-").map(Number) as [number, number];
  const horizon = Array.from({ length: HORIZON_MONTHS }, (_, i) => {
    const index = fromMonth - 1 + i;
    return { year: fromYear + Math.floor(index / 12), month: (index % 12) + 1 };
  });
  const holidays = publicHolidays(h.country, h.region, [...new Set(horizon.map((m) => m.year))]);
  const byDate = new Map(holidays.map((x) => [x.date, x]));
  const working = new Set(cronWeekdays(schedule.days));
  const months = horizon.map(({ year, month }) => {
    const days: number[] = [];
    const skipped: Holiday[] = [];
    for (let d = 1; d <= daysIn(year, month); d++) {
      if (!working.has(weekday(year, month, d))) continue;
      const holiday = byDate.get(`${year}-${pad(month)}-${pad(d)}`);
      if (holiday) skipped.push(holiday);
      else days.push(d);
    }
    return { year, month, days, holidays: skipped };
  });
  const last = horizon[horizon.length - 1]!;
  return { months, horizonEnd: `${last.year}-${pad(last.month)}-${pad(daysIn(last.year, last.month))}` };
}
