/**
 * The bundle's stand-in for date-holidays (scripts/lazy-holidays.cjs), evaluated on first use, must answer exactly as
 * date-holidays, constructed every way generator/calendar/holidays.ts constructs it.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type Hd = { getCountries(lang: string): Record<string, string>; getStates(c: string, lang: string): Record<string, string> | undefined; getHolidays(y: number, lang: string): unknown[] };
type HdClass = new (...args: unknown[]) => Hd;
const Lazy = require("../scripts/lazy-holidays.cjs") as HdClass;
const Real = require("date-holidays") as HdClass;

describe("the lazy date-holidays stand-in", () => {
  it("GIVEN no arguments THEN it lists the same countries and regions", () => {
    expect(new Lazy().getCountries("en")).toEqual(new Real().getCountries("en"));
    for (const c of ["DE", "FR", "US", "GB"]) expect(new Lazy().getStates(c, "en")).toEqual(new Real().getStates(c, "en"));
  });

  it("GIVEN a country, with and without a region THEN it gives the same holidays", () => {
    for (const args of [["FR", { languages: ["en"] }], ["DE", "BY", { languages: ["en"] }], ["US", "CA", { languages: ["en"] }]] as const) {
      for (const year of [2026, 2027]) expect(new Lazy(...args).getHolidays(year, "en")).toEqual(new Real(...args).getHolidays(year, "en"));
    }
  });
});
