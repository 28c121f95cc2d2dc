/**
 * Large matrices render on two threads when the CLI runs as a program. The bytes must be exactly those of the
 * single-threaded, in-process run.
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { PARALLEL_MIN_CLUSTERS } from "../generator/commands/parallel-render.js";
import { BUNDLE, BUNDLE_SKIP, cli, readTreeFiles, syntheticClusters, tempDir } from "./helpers.js";


describe.skipIf(BUNDLE_SKIP !== "")(`two render threads for large matrices${BUNDLE_SKIP}`, () => {
  it(`GIVEN ${PARALLEL_MIN_CLUSTERS + 2} clusters WHEN the CLI runs as a program THEN its tree equals the in-process one`, () => {
    const clusters = syntheticClusters(PARALLEL_MIN_CLUSTERS + 2);

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
