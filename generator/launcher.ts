#!/usr/bin/env node
/**
 * The program (dist/llm-gitops.mjs). A memoised no-op `generate` is answered here, before the generator is loaded
 * (replay.ts); everything else loads the generator bundle (dist/llm-gitops.cjs) through a V8 code cache, so a run
 * skips parsing and compiling most of its 6 MB, and calls its `run`.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateCached } from "./cache/code-cache.js";
import { cacheDir } from "./cache/disk-cache.js";
import { memoInputsKey, replayIfCurrent, runMemoFor, type OpenedMemo } from "./commands/replay.js";
import type { Program } from "./commands/program.js";
import { DEFAULT_CLUSTERS, DEFAULT_OUT } from "./commands/options.js";
import { processIo } from "./commands/report.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const GENERATOR_BUNDLE = path.join(here, "llm-gitops.cjs");
/** Written by scripts/build.mjs next to the bundles: the generator bundle's content hash. */
const BUILD_INFO = path.join(here, "llm-gitops.build.json");
/**
 * The generator's V8 code cache as the build made it (scripts/build.mjs, after a run over the example matrix), for
 * the Node that built it: a clean clone's first run deserialises instead of compiling the whole bundle.
 */
export const shippedCodeCache = (dir: string, id: string): string => path.join(dir, `llm-gitops.cjs.${id}.${process.version}-${process.arch}.v8`);

type Run = (argv: readonly string[], io: typeof processIo, program: Program | undefined, allowAsync: true) => number | Promise<number>;

function buildId(): string | undefined {
  try {
    return (JSON.parse(readFileSync(BUILD_INFO, "utf8")) as { id?: string }).id;
  } catch {
    return undefined;
  }
}

/** `generate` with only the flags a replay understands, as directories; anything else goes to the full CLI. */
function replayableGenerate(argv: readonly string[]): { clustersDir: string; outDir: string; schemaLocation?: string; chartCache?: string; check: boolean } | undefined {
  if (argv[0] !== "generate") return undefined;
  const dirs: Record<string, string> = { "--clusters": DEFAULT_CLUSTERS, "--out": DEFAULT_OUT };
  let check = false;
  for (let i = 1; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === "--check" && inline === undefined) {
      check = true;
      continue;
    }
    if (!["--clusters", "--out", "--schema-location", "--chart-cache"].includes(flag)) return undefined;
    const value = inline ?? argv[++i];
    if (value === undefined) return undefined;
    dirs[flag] = value;
  }
  const abs = (d: string | undefined) => d && path.resolve(process.cwd(), d);
  for (const d of Object.values(dirs)) {
    try {
      if (!statSync(abs(d)!).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
  }
  const schemaLocation = abs(dirs["--schema-location"]);
  const chartCache = abs(dirs["--chart-cache"]);
  return { clustersDir: abs(dirs["--clusters"])!, outDir: abs(dirs["--out"])!, ...(schemaLocation ? { schemaLocation } : {}), ...(chartCache ? { chartCache } : {}), check };
}

/**
 * Evaluate the CommonJS generator bundle with cached V8 code (keyed by the build and Node): the cache directory's,
 * else the one shipped with the build; when V8 accepts neither, this run writes the cache directory's at exit, when
 * it holds every function the run compiled.
 */
function loadGenerator(id: string | undefined): { run: Run } {
  // The bundle is ASCII (scripts/bundle.ts: charset ascii): latin1 decodes it exactly, in a fifth of utf8's time.
  const source = readFileSync(GENERATOR_BUNDLE, "latin1").replace(/^#!.*/, "");
  const dir = id && cacheDir("v8");
  const cacheFile = dir ? path.join(dir, `${id}-${process.version}-${process.arch}.bin`) : undefined;
  // This build has no cache here yet: those of earlier builds are never read again.
  if (dir && cacheFile && !existsSync(cacheFile)) {
    for (const f of readdirSync(dir)) if (f.endsWith(".bin")) rmSync(path.join(dir, f), { force: true });
  }
  const module = { exports: {} as { run: Run } };
  const wrapper = evaluateCached(Module.wrap(source), GENERATOR_BUNDLE, cacheFile, id && shippedCodeCache(here, id)) as (...a: unknown[]) => void;
  wrapper(module.exports, createRequire(GENERATOR_BUNDLE), module, GENERATOR_BUNDLE, here);
  return module.exports;
}

export async function main(argv: readonly string[]): Promise<number> {
  const id = buildId();
  const fast = id ? replayableGenerate(argv) : undefined;
  let opened: OpenedMemo | undefined;
  if (fast && id) {
    const inputs = { ...fast, buildId: id };
    const memo = runMemoFor(inputs);
    const code = replayIfCurrent(inputs, processIo, memo);
    if (code !== undefined) return code;
    opened = { key: memoInputsKey(inputs), memo };
  }
  return loadGenerator(id).run(argv, processIo, id ? { buildId: id, ...(opened ? { opened } : {}) } : undefined, true);
}

const invokedDirectly = (): boolean => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};
if (invokedDirectly()) void main(process.argv.slice(2)).then((c) => (process.exitCode = c));
