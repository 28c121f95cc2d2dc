/**
 * `npm run <command>` rebuilds only when a source changed (scripts/build.mjs): the stamp of a tree must stay the same
 * while nothing changes, and change when a source file is touched, grows, appears or disappears.
 */
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers.js";

// @ts-expect-error: plain JavaScript (it runs before anything is compiled), no declarations.
const build = (await import("../scripts/build.mjs")) as { sourceStamp: (base?: string) => string };

function tree(): string {
  const dir = tempDir("llm-gitops-stamp-");
  mkdirSync(path.join(dir, "generator", "render"), { recursive: true });
  mkdirSync(path.join(dir, "scripts"));
  writeFileSync(path.join(dir, "generator", "render", "a.ts"), "export const a = 1;\n");
  writeFileSync(path.join(dir, "scripts", "b.ts"), "export {};\n");
  writeFileSync(path.join(dir, "package.json"), "{}\n");
  return dir;
}

describe("build freshness stamp", () => {
  it("GIVEN an untouched tree THEN the stamp is the same; WHEN a source is touched, grows, appears or goes THEN it changes", () => {
    const dir = tree();
    const before = build.sourceStamp(dir);
    expect(build.sourceStamp(dir)).toBe(before);
    const a = path.join(dir, "generator", "render", "a.ts");
    const { atime, mtime } = statSync(a);
    utimesSync(a, atime, new Date(mtime.getTime() + 5_000));
    const touched = build.sourceStamp(dir);
    expect(touched).not.toBe(before);
    writeFileSync(path.join(dir, "scripts", "b.ts"), "export {};\n// longer\n");
    const grown = build.sourceStamp(dir);
    expect(grown).not.toBe(touched);
    writeFileSync(path.join(dir, "generator", "c.ts"), "");
    const added = build.sourceStamp(dir);
    expect(added).not.toBe(grown);
    rmSync(path.join(dir, "generator", "c.ts"));
    expect(build.sourceStamp(dir)).toBe(grown);
  });

  it("covers this package's sources and its package and TypeScript configuration", () => {
    const stamp = build.sourceStamp(ROOT);
    expect(stamp).toMatch(/^generator\/render\/yaml-emit\.ts \d+ /m);
    expect(stamp).toMatch(/^scripts\/bundle\.ts \d+ /m);
    expect(stamp).toMatch(/^package-lock\.json \d+ /m);
    expect(stamp).toMatch(/^tsconfig\.build\.json \d+ /m);
  });
});
