/**
 * KEDA's cron scaler, minute by minute (kedacore/keda v2.20.2 pkg/scalers/cron_scaler.go:123-152, robfig/cron
 * v3.0.1): a trigger is active when the next end, strictly after now, comes no later than the next start; a
 * schedule with no match within the look-ahead is always active (Next returns the zero time). Day of month and day
 * of week are ANDed when either is starred (a star, a stepped star or ?), ORed otherwise (spec.go:177-188).
 */
const DOW_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

function field(expr: string, min: number, max: number, names?: string[]): { values: Set<number>; starred: boolean } {
  const values = new Set<number>();
  const starred = expr === "*" || expr === "?" || expr.startsWith("*/");
  for (const part of expr.split(",")) {
    const [range, step] = part.split("/") as [string, string | undefined];
    const num = (s: string) => {
      const n = names ? names.indexOf(s.toUpperCase()) : -1;
      return n >= 0 ? n : Number(s);
    };
    const [lo, hi] = range === "*" || range === "?" ? [min, max] : range.includes("-") ? (range.split("-").map(num) as [number, number]) : [num(range), step ? max : num(range)];
    for (let v = lo; v <= hi; v += step ? Number(step) : 1) values.add(v === 7 && names ? 0 : v);
  }
  return { values, starred };
}

export interface CronSpec {
  readonly minute: Set<number>;
  readonly hour: Set<number>;
  readonly dom: ReturnType<typeof field>;
  readonly month: Set<number>;
  readonly dow: ReturnType<typeof field>;
}

export function parseCron(expr: string): CronSpec {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5) throw new Error(`cron "${expr}": KEDA takes 5 fields`);
  return { minute: field(f[0]!, 0, 59).values, hour: field(f[1]!, 0, 23).values, dom: field(f[2]!, 1, 31), month: field(f[3]!, 1, 12).values, dow: field(f[4]!, 0, 6, DOW_NAMES) };
}

export interface LocalTime {
  readonly year: number;
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
  readonly month: number;
  readonly weekday: number;
}

export function matches(c: CronSpec, t: LocalTime): boolean {
  if (!c.minute.has(t.minute) || !c.hour.has(t.hour) || !c.month.has(t.month)) return false;
  const dom = c.dom.values.has(t.day);
  const dow = c.dow.values.has(t.weekday);
  return c.dom.starred || c.dow.starred ? dom && dow : dom || dow;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Wall-clock fields of an instant in an IANA time zone. */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short" });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(epochMs).map((p) => [p.type, p.value]));
  return { year: Number(parts["year"]), minute: Number(parts["minute"]), hour: Number(parts["hour"]), day: Number(parts["day"]), month: Number(parts["month"]), weekday: DOW_NAMES.indexOf(parts["weekday"]!.toUpperCase()) };
}

/** Every instant within `days` local days from `fromEpochMs` at which the cron spec matches, in order. */
function matchInstants(c: CronSpec, timeZone: string, fromEpochMs: number, days: number): number[] {
  const first = localTime(fromEpochMs, timeZone);
  // The local calendar date of t=0, then whole days forward (calendar arithmetic, no time zone involved).
  const base = Date.UTC(first.year, first.month - 1, first.day);
  const hours = [...c.hour].sort((a, b) => a - b);
  const minutes = [...c.minute].sort((a, b) => a - b);
  const out: number[] = [];
  for (let d = -1; d <= days; d++) {
    const date = new Date(base + d * 86_400_000);
    const t = { day: date.getUTCDate(), month: date.getUTCMonth() + 1, weekday: date.getUTCDay() };
    if (!c.month.has(t.month)) continue;
    const dom = c.dom.values.has(t.day);
    const dow = c.dow.values.has(t.weekday);
    if (!(c.dom.starred || c.dow.starred ? dom && dow : dom || dow)) continue;
    for (const h of hours) for (const mi of minutes) out.push(zonedEpoch(date.getUTCFullYear(), t.month, t.day, h, mi, timeZone));
  }
  return out.sort((a, b) => a - b);
}

/**
 * For each minute of [0, minutes) after `startEpochMs`: whether the start/end pair keeps the trigger active. KEDA
 * looks up to five years ahead for the next match; so do we.
 */
export function cronActivity(start: string, end: string, timeZone: string, startEpochMs: number, minutes: number, lookAheadDays = 5 * 366): boolean[] {
  const starts = matchInstants(parseCron(start), timeZone, startEpochMs, lookAheadDays + Math.ceil(minutes / 1440));
  const ends = matchInstants(parseCron(end), timeZone, startEpochMs, lookAheadDays + Math.ceil(minutes / 1440));
  let si = 0;
  let ei = 0;
  return Array.from({ length: minutes }, (_, k) => {
    // During minute k "now" is past its start, so the next matches are at the next minute boundary or later.
    const after = startEpochMs + (k + 1) * 60_000;
    while (si < starts.length && starts[si]! < after) si++;
    while (ei < ends.length && ends[ei]! < after) ei++;
    return (ends[ei] ?? Infinity) <= (starts[si] ?? Infinity);
  });
}

/** The instant of a wall-clock time in a time zone (the offset found by two fixed-point steps). */
export function zonedEpoch(y: number, month: number, d: number, h: number, mi: number, timeZone: string): number {
  const wanted = Date.UTC(y, month - 1, d, h, mi);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const lt = localTime(guess, timeZone);
    const shown = Date.UTC(lt.year, lt.month - 1, lt.day, lt.hour, lt.minute);
    guess += wanted - shown;
  }
  return guess;
}
