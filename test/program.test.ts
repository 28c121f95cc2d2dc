/**
 * The program (dist/llm-gitops.mjs: the launcher and the minified generator bundle, with its precompiled matrix
 * validator and README template and its lazy RE2) must write exactly the tree the in-process generator writes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE, BUNDLE_SKIP, EXAMPLE_CLUSTERS, VARIANT_CLUSTERS, cli, readTreeFiles, tempDir } from "./helpers.js";

describe.skipIf(BUNDLE_SKIP !== "")(`the program against the in-process generator${BUNDLE_SKIP}`, () => {
  for (const [name, clusters] of [["example", EXAMPLE_CLUSTERS], ["variants", VARIANT_CLUSTERS]] as const) {
    it(`GIVEN the ${name} matrix THEN the program's tree and output equal the in-process run's`, () => {
      const program = tempDir();
      const run = spawnSync(process.execPath, [BUNDLE, "generate", "--clusters", clusters, "--out", program], { encoding: "utf8", env: { ...process.env, LLM_GITOPS_NO_MEMO: "1" } });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const inProcess = tempDir();
      const local = cli("generate", "--clusters", clusters, "--out", inProcess);
      expect(local.code).toBe(0);
      expect(readTreeFiles(program)).toEqual(readTreeFiles(inProcess));
      expect(run.stdout.trim()).toBe(local.out.trim());
    });
  }
});

describe.skipIf(BUNDLE_SKIP !== "")(`the generator bundle${BUNDLE_SKIP}`, () => {
  it("is ASCII only (the launcher reads it as latin1)", () => {
    const bytes = readFileSync(path.join(path.dirname(BUNDLE), "llm-gitops.cjs"));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });
});

describe.skipIf(BUNDLE_SKIP !== "")(`the generator's code cache shipped with the build${BUNDLE_SKIP}`, () => {
  it("GIVEN an empty cache directory (a clean clone) THEN the program runs from the code cache the build made and writes none of its own", () => {
    const { id } = JSON.parse(readFileSync(path.join(path.dirname(BUNDLE), "llm-gitops.build.json"), "utf8")) as { id: string };
    expect(existsSync(path.join(path.dirname(BUNDLE), `llm-gitops.cjs.${id}.${process.version}-${process.arch}.v8`))).toBe(true);
    const cache = tempDir();
    const run = spawnSync(process.execPath, [BUNDLE, "generate", "--clusters", EXAMPLE_CLUSTERS, "--out", tempDir()], { encoding: "utf8", env: { ...process.env, LLM_GITOPS_CACHE_DIR: cache, LLM_GITOPS_NO_MEMO: "1" } });
    expect(run.status).toBe(0);
    // V8 accepted the shipped cache: nothing to write at exit.
    expect(existsSync(path.join(cache, "v8")) ? readdirSync(path.join(cache, "v8")) : []).toEqual([]);
  });
});
