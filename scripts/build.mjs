/**
 * The build (tsc, then the bundles) and its freshness stamp. Plain JavaScript because it runs before anything is
 * compiled. `node scripts/build.mjs` builds; `--if-stale` builds only when a source file (generator/, scripts/, the
 * package and TypeScript configuration) was added, removed or changed since the last build, judged by path, size
 * and modification time, like make: an unchanged tree costs a few milliseconds instead of a ~2 s rebuild.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
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

/**
 * The generator's V8 code cache, made by one run over the example matrix (clusters/) into a scratch directory, ships
 * next to the bundle (generator/launcher.ts reads it): a clean clone's first run then deserialises code instead of
 * compiling the whole bundle. Its name carries the build's id and the Node that made it; V8 rejects a cache made by
 * another Node or under other flags, and then the run writes its own. A failed run only leaves the cache out.
 */
function shipCodeCache() {
  const dist = path.join(root, "dist");
  for (const f of readdirSync(dist)) if (/^llm-gitops\.cjs\..*\.v8$/.test(f)) rmSync(path.join(dist, f), { force: true });
  const { id } = JSON.parse(readFileSync(path.join(dist, "llm-gitops.build.json"), "utf8"));
  const scratch = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-build-"));
  try {
    const out = path.join(scratch, "out");
    mkdirSync(out);
    const env = { ...process.env, LLM_GITOPS_CACHE_DIR: path.join(scratch, "cache") };
    spawnSync(process.execPath, [OUTPUTS[0], "generate", "--clusters", path.join(root, "clusters"), "--out", out], { cwd: root, env, stdio: "ignore" });
    // The run's own code cache (the launcher keeps one, for this build): whatever its name, it is the only one.
    const v8 = path.join(scratch, "cache", "v8");
    const made = existsSync(v8) ? readdirSync(v8).filter((f) => f.endsWith(".bin")) : [];
    // The name generator/launcher.ts (shippedCodeCache) reads; the program test fails if the two disagree.
    if (made.length === 1) copyFileSync(path.join(v8, made[0]), path.join(dist, `llm-gitops.cjs.${id}.${process.version}-${process.arch}.v8`));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** tsc, the bundles and their code cache; the stamp records the sources as they were when the build started. Exits on failure. */
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
  shipCodeCache();
  writeFileSync(STAMP, `${JSON.stringify({ sources })}\n`);
}

export function ensureBuilt() {
  if (isStale()) build();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--if-stale")) ensureBuilt();
  else build();
}
