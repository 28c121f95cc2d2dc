/**
 * The build (tsc, then the bundles) and its freshness stamp. Plain JavaScript because it runs before anything is
 * compiled. `node scripts/build.mjs` builds; `--if-stale` builds only when a source file (generator/, scripts/, the
 * package and TypeScript configuration) was added, removed or changed since the last build, judged by path, size
 * and modification time, like make: an unchanged tree costs a few milliseconds instead of a ~2 s rebuild.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = path.join(root, "dist", "build-stamp.json");
const OUTPUTS = ["llm-gitops.mjs", "llm-gitops.cjs", "llm-gitops.build.json"].map((f) => path.join(root, "dist", f));
const SOURCE_DIRS = ["generator", "scripts"];
const SOURCE_FILES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];

/** One line per source file below `base` (this package by default): path, size, mtime. */
export function sourceStamp(base = root) {
  const lines = [];
  const add = (rel) => {
    try {
      const s = statSync(path.join(base, rel));
      lines.push(`${rel} ${s.size} ${s.mtimeMs}`);
    } catch {
      lines.push(`${rel} absent`);
    }
  };
  const walk = (rel) => {
    for (const e of readdirSync(path.join(base, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) add(child);
    }
  };
  SOURCE_DIRS.forEach(walk);
  SOURCE_FILES.forEach(add);
  return lines.join("\n");
}

export function isStale() {
  if (!OUTPUTS.every((f) => existsSync(f))) return true;
  try {
    return JSON.parse(readFileSync(STAMP, "utf8")).sources !== sourceStamp();
  } catch {
    return true;
  }
}

/** tsc and the bundles; the stamp records the sources as they were when the build started. Exits on failure. */
export function build() {
  const sources = sourceStamp();
  const steps = [
    [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(root, "tsconfig.build.json")],
    [path.join(root, "dist", "scripts", "bundle.js")],
  ];
  for (const args of steps) {
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  writeFileSync(STAMP, `${JSON.stringify({ sources })}\n`);
}

export function ensureBuilt() {
  if (isStale()) build();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--if-stale")) ensureBuilt();
  else build();
}
