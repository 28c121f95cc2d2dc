/**
 * A generate killed with SIGKILL while it writes cannot clean up: its `*.llm-gitops-<pid>.tmp` temporaries (files
 * next to files it replaces, directories standing in for ones it creates) stay in the tree. The next generate must
 * remove them and leave exactly the tree a clean run writes; --check reports them.
 */
import { spawn, spawnSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE, BUNDLE_SKIP, readTreeFiles, syntheticClusters, tempDir } from "./helpers.js";

const TEMP = /\.llm-gitops-\d+\.tmp$/;
/** The temporaries in a tree: files, or the outermost temporary directory holding files. */
const temporaries = (out: string) => [...new Set(Object.keys(readTreeFiles(out)).flatMap((f) => {
  const parts = f.split("/");
  const i = parts.findIndex((p) => TEMP.test(p));
  return i < 0 ? [] : [parts.slice(0, i + 1).join("/")];
}))];
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
  /** Kill points after the summary line until one lands inside the write phase; then check, re-run and compare. */
  async function killAndRecover(clusters: string, prepare: (out: string) => void, expected: Record<string, string>): Promise<{ path: string; dir: boolean }[]> {
    for (const delay of [0, 5, 15, 30, 60, 100, 200, 400]) {
      const out = tempDir();
      prepare(out);
      await killedGenerate(clusters, out, delay);
      const left = temporaries(out).map((p) => ({ path: p, dir: statSync(path.join(out, p)).isDirectory() }));
      if (!left.length) continue;
      const check = generate(clusters, out, "--check");
      expect(check.status).toBe(1);
      expect(check.stderr).toContain(`${left[0]!.path}: left by a generate that was killed while writing`);
      const again = generate(clusters, out);
      expect(again.status).toBe(0);
      expect(readTreeFiles(out)).toEqual(expected);
      return left;
    }
    return [];
  }

  it("GIVEN a generate into a fresh directory SIGKILLed mid-write WHEN generate runs again THEN the stale temporary directories are gone and the tree equals a clean run's", async () => {
    const clusters = syntheticClusters(40);
    const clean = tempDir();
    expect(generate(clusters, clean).status).toBe(0);
    const left = await killAndRecover(clusters, () => undefined, readTreeFiles(clean));
    expect(left.length, "no kill point landed inside the write phase").toBeGreaterThan(0);
    expect(left.filter((t) => !t.dir)).toEqual([]);
  }, 180_000);

  it("GIVEN a generate replacing every file SIGKILLed mid-write WHEN generate runs again THEN the stale temporary files are gone and the tree equals a clean run's", async () => {
    const clusters = syntheticClusters(40);
    const clean = tempDir();
    expect(generate(clusters, clean).status).toBe(0);
    const expected = readTreeFiles(clean);
    // An older tree in place (every YAML file edited): each is replaced in its existing directory.
    const prepare = (out: string) => {
      expect(generate(clusters, out).status).toBe(0);
      for (const [f, content] of Object.entries(readTreeFiles(out))) if (f.endsWith(".yaml")) writeFileSync(path.join(out, f), `${content}# older\n`);
    };
    const left = await killAndRecover(clusters, prepare, expected);
    expect(left.length, "no kill point landed inside the write phase").toBeGreaterThan(0);
    expect(left.filter((t) => t.dir)).toEqual([]);
  }, 180_000);
});
