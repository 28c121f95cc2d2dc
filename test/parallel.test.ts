/**
 * Large matrices render on two threads when the CLI runs as a program. The bytes must be exactly those of the
 * single-threaded, in-process run.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PARALLEL_MIN_CLUSTERS } from "../generator/commands/parallel-render.js";
import { BUNDLE, BUNDLE_SKIP, EXAMPLE_CLUSTERS, cli, readTreeFiles, tempDir } from "./helpers.js";


describe.skipIf(BUNDLE_SKIP !== "")(`two render threads for large matrices${BUNDLE_SKIP}`, () => {
  it(`GIVEN ${PARALLEL_MIN_CLUSTERS + 2} clusters WHEN the CLI runs as a program THEN its tree equals the in-process one`, () => {
    const clusters = tempDir("llm-gitops-parallel-");
    copyFileSync(path.join(EXAMPLE_CLUSTERS, "defaults.yaml"), path.join(clusters, "defaults.yaml"));
    const sources = ["dev.yaml", "prod.yaml"].map((f) => readFileSync(path.join(EXAMPLE_CLUSTERS, f), "utf8"));
    for (let i = 0; i < PARALLEL_MIN_CLUSTERS + 2; i++) writeFileSync(path.join(clusters, `c${String(i).padStart(2, "0")}.yaml`), sources[i % 2]!);

    const threaded = tempDir();
    const run = spawnSync(process.execPath, [BUNDLE, "generate", "--clusters", clusters, "--out", threaded], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    // One core: the worker would only compete with this thread, so the CLI renders on one.
    const threads = os.availableParallelism() >= 2 ? "; 2 render threads" : "";
    expect(run.stdout).toMatch(new RegExp(`${PARALLEL_MIN_CLUSTERS + 2} clusters, \\d+ files: .*\\(checks: [a-z, ]+${threads}\\)`));

    const single = tempDir();
    expect(cli("generate", "--clusters", clusters, "--out", single).code).toBe(0);
    const a = readTreeFiles(threaded);
    expect(Object.keys(a).length).toBeGreaterThan(30 * PARALLEL_MIN_CLUSTERS);
    expect(a).toEqual(readTreeFiles(single));
  });
});
