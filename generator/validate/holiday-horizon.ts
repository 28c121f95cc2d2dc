/**
 * When a schedule-mode ScaledObject's holiday calendar runs out (check-schedule.ts finds the ends). Its own module:
 * a memoised run recomputes these warnings for today without loading the rest of the generator.
 */
export const HORIZON_WARNING_DAYS = 60;
const DAY_MS = 86_400_000;

export interface HorizonEnd {
  readonly path: string;
  readonly end: string;
}

export function horizonWarning({ path, end }: HorizonEnd, now: Date): string | undefined {
  // The horizon covers its last day completely.
  const left = Math.floor((Date.parse(`${end}T23:59:59Z`) - now.getTime()) / DAY_MS);
  const fix = "move scaling.schedule.holidays.from forward in the cluster file and run `npm run generate`";
  if (left < 0) return `${path}: the holiday calendar ran out on ${end}: business hours now follow last year's holidays; ${fix}`;
  if (left < HORIZON_WARNING_DAYS) return `${path}: the holiday calendar runs out on ${end} (in ${left} days); ${fix}`;
  return undefined;
}
