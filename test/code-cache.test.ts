/**
 * evaluateCached (generator/cache/code-cache.ts): a run reads its own cache, else the one shipped with the build, and
 * writes its own at exit only when V8 accepted neither. Each case is a separate Node process, as a run is.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers.js";

const MODULE = path.join(ROOT, "dist", "generator", "cache", "code-cache.js");
const SKIP = existsSync(MODULE) ? "" : " — skipped: dist/generator not built (npm run build)";
const SOURCE = "(function () { return [1, 2, 3].map((x) => x * 7).join(','); })";

/** One process evaluating SOURCE with these cache files; what it returned. */
function run(own: string, shipped?: string): string {
  const script = `import { evaluateCached } from ${JSON.stringify(pathToFileURL(MODULE).href)};\nprocess.stdout.write(evaluateCached(${JSON.stringify(SOURCE)}, "test.js", ${JSON.stringify(own)}, ${JSON.stringify(shipped)})());`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return r.stdout;
}

describe.skipIf(SKIP !== "")(`V8 code caches${SKIP}`, () => {
  it("GIVEN no cache THEN the run writes its own at exit", () => {
    const own = path.join(tempDir(), "own.bin");
    expect(run(own)).toBe("7,14,21");
    expect(existsSync(own)).toBe(true);
  });

  it("GIVEN a shipped cache V8 accepts THEN the run uses it and writes none", () => {
    const dir = tempDir();
    run(path.join(dir, "made.bin"));
    const own = path.join(dir, "own.bin");
    expect(run(own, path.join(dir, "made.bin"))).toBe("7,14,21");
    expect(existsSync(own)).toBe(false);
  });

  it("GIVEN a damaged shipped cache THEN V8 rejects it, the result is the same and the run writes its own", () => {
    const dir = tempDir();
    const shipped = path.join(dir, "shipped.bin");
    writeFileSync(shipped, Buffer.alloc(512, 7));
    const own = path.join(dir, "own.bin");
    expect(run(own, shipped)).toBe("7,14,21");
    expect(readFileSync(own).length).toBeGreaterThan(0);
  });
});
