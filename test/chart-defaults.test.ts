/**
 * Chart defaults are read with js-yaml on a cold cache (speed); they must be the data the yaml package reads from
 * every pinned chart's values.yaml.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseChartDefaults } from "../generator/validate/check-values.js";
import { CHART_CACHE, SKIP_REASON } from "./helpers.js";

const valuesFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? valuesFiles(path.join(dir, e.name)) : e.name === "values.yaml" ? [path.join(dir, e.name)] : []));

describe.skipIf(!CHART_CACHE)(`chart defaults parsing${CHART_CACHE ? "" : ` — ${SKIP_REASON}`}`, () => {
  it("gives the yaml package's data for every pinned chart's values.yaml", () => {
    const files = valuesFiles(CHART_CACHE!);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(parseChartDefaults(text), file).toStrictEqual(parse(text));
    }
  });
});
