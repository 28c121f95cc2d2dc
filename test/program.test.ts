/**
 * The program (dist/llm-gitops.mjs: the launcher and the minified generator bundle, with its precompiled matrix
 * validator and README template and its lazy RE2) must write exactly the tree the in-process generator writes.
 */
import { spawnSync } from "node:child_process";
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
