/**
 * The bundle's stand-in for kubernetes-models' RE2 runtime (scripts/lazy-re2.ts) must answer exactly as RE2 does:
 * it is RE2, created on first use.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import LazyRE2 from "../scripts/lazy-re2.js";

const { RE2 } = createRequire(import.meta.url)("re2-wasm") as { RE2: new (p: string, f?: string) => { test(s: string): boolean; source: string } };

describe("lazy RE2 stand-in", () => {
  it("matches as RE2 on the patterns kubernetes-models builds at load time, with (?i) and unicode", () => {
    const patterns = ["^(?i)(abort|warn)?$", "^((?i)sun|mon|tues|wednes|thurs|fri|satur)day(?:((:(sun|mon|tues|wednes|thurs|fri|satur)day)$)|$)"];
    const inputs = ["", "abort", "WARN", "Abort ", "x", "sunday", "SUNday:monday", "tuesday:", "Fridays", "é"];
    for (const p of patterns) {
      const lazy = new LazyRE2(p, "u");
      const real = new RE2(p, "u");
      for (const s of inputs) expect(lazy.test(s), `${p} on ${JSON.stringify(s)}`).toBe(real.test(s));
      expect(lazy.source).toBe(real.source);
    }
  });
});
