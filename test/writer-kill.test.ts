/**
 * A generate killed with SIGKILL while it writes cannot clean up: its `*.llm-gitops-<pid>.tmp` siblings stay in the
 * tree. The next generate must remove them and leave exactly the tree a clean run writes; --check reports them.
 */
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BUNDLE, BUNDLE_SKIP, readTreeFiles, syntheticClusters, tempDir } from "./helpers.js";

const TEMP = /\.llm-gitops-\d+\.tmp$/;
const generate = (clusters: string, out: string, ...flags: string[]) => spawnSync(process.execPath, [BUNDLE, "generate", "--clusters", clusters, "--out", out, ...flags], { encoding: "utf8" });

/** Starts a generate and kills it `delayMs` after its first output (the scaling summary, printed right before writing). */
function killedGenerate(clusters: string, out: string, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUNDLE, "generate", "--clusters", clusters, "--out", out], { stdio: ["ignore", "pipe", "ignore"] });
    child.stdout.once("data", () => setTimeout(() => child.kill("SIGKILL"), delayMs));
    child.on("exit", () => resolve());
  });
}

describe.skipIf(BUNDLE_SKIP !== "")(`generate killed while writing${BUNDLE_SKIP}`, () => {
  it("GIVEN a generate SIGKILLed mid-write WHEN generate runs again THEN the stale temporaries are gone and the tree equals a clean run's", async () => {
    const clusters = syntheticClusters(40);
    const clean = tempDir();
    expect(generate(clusters, clean).status).toBe(0);
    const expected = readTreeFiles(clean);

    // Kill points after the summary line; the first that lands inside the write phase leaves temporaries behind.
    let caught = false;
    for (const delay of [0, 5, 15, 30, 60, 100, 200, 400]) {
      const out = tempDir();
      await killedGenerate(clusters, out, delay);
      const left = Object.keys(readTreeFiles(out)).filter((f) => TEMP.test(f));
      if (!left.length) continue;
      caught = true;

      const check = generate(clusters, out, "--check");
      expect(check.status).toBe(1);
      expect(check.stderr).toContain(`${left[0]}: left by a generate that was killed while writing`);

      const again = generate(clusters, out);
      expect(again.status).toBe(0);
      expect(readTreeFiles(out)).toEqual(expected);
      break;
    }
    expect(caught, "no kill point landed inside the write phase").toBe(true);
  }, 180_000);
});
