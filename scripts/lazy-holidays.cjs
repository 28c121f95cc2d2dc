/**
 * Bundle-time stand-in for `date-holidays` (scripts/bundle.ts), for generator/calendar/holidays.ts: the same class,
 * evaluated on first use. date-holidays brings moment-timezone, whose zone data unpacks when its module is evaluated:
 * ~40 ms of every run's start (a CPU profile of the bundle's evaluation), though only a cluster with
 * `scaling.schedule.holidays` ever asks for a holiday. Plain CommonJS, so that the bundler keeps this `require` lazy.
 */
"use strict";

let Real;

/** `new Holidays(...)` as date-holidays' own constructor: a constructor that returns an object yields that object. */
function Holidays(...args) {
  Real ??= require("date-holidays");
  return new Real(...args);
}

module.exports = Holidays;
