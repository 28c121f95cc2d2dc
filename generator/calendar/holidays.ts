/**
 * Public holidays from date-holidays, reduced to plain calendar dates ("YYYY-MM-DD") so that nothing downstream
 * depends on the machine's clock or time zone. Only type "public" counts (not bank, school or observance days).
 */
import Holidays from "date-holidays";

/** Country codes date-holidays knows. */
export function holidayCountries(): string[] {
  return Object.keys(new Holidays().getCountries("en")).sort();
}

/** Region (state) codes of a country, e.g. AT: 1..9. */
export function holidayRegions(country: string): string[] {
  return Object.keys(new Holidays().getStates(country, "en") ?? {}).sort();
}

export interface Holiday {
  readonly date: string;
  readonly name: string;
}

export function publicHolidays(country: string, region: string | undefined, years: readonly number[]): Holiday[] {
  const hd = region ? new Holidays(country, region, { languages: ["en"] }) : new Holidays(country, { languages: ["en"] });
  return years
    .flatMap((y) => hd.getHolidays(y, "en"))
    .filter((h) => h.type === "public")
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }))
    .sort((a, b) => a.date.localeCompare(b.date));
}
