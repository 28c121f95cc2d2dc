/** Shared test helpers: the repository root, ../shared detection, in-process CLI runs, throw-away trees. */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { run } from "../generator/cli.js";
import { findOnPath } from "../generator/validate/kubeconform.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const EXAMPLE_CLUSTERS = path.join(ROOT, "clusters");
/** One cluster per scaling mode and observability backend that the example matrix does not show (golden trees). */
export const VARIANT_CLUSTERS = path.join(ROOT, "test", "fixtures", "variants");

const sharedCandidate = path.resolve(ROOT, "..", "shared");
/** ../shared holds the strict schema catalog and the pinned chart defaults; a user's fresh clone has none. */
export const SHARED: string | undefined = existsSync(path.join(sharedCandidate, "schemas")) ? sharedCandidate : undefined;
export const SCHEMAS = SHARED && path.join(SHARED, "schemas");
export const CHART_CACHE = SHARED && path.join(SHARED, "charts");
export const SKIP_REASON = "skipped: ../shared (strict schema catalog, pinned chart defaults) is absent in this checkout; CI provides it";
if (!SHARED && process.env["CI"]) throw new Error("CI=true but ../shared is missing: the strict schema and values cases must run in CI");
if (!SHARED) console.warn(`llm-gitops tests: cases that need ../shared are ${SKIP_REASON}`);

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export function cli(...argv: string[]): CliResult {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const temps: string[] = [];
afterEach(() => {
  while (temps.length) rmSync(temps.pop()!, { recursive: true, force: true });
});

export function tempDir(prefix = "llm-gitops-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A copy of the example matrix that a test may break. */
export function exampleClusters(): string {
  const dir = tempDir("llm-gitops-clusters-");
  cpSync(EXAMPLE_CLUSTERS, dir, { recursive: true });
  return dir;
}

/** A matrix of `count` clusters alternating the dev and prod examples (c00, c01, …), for the large-matrix cases. */
export function syntheticClusters(count: number): string {
  const dir = tempDir("llm-gitops-synthetic-");
  cpSync(path.join(EXAMPLE_CLUSTERS, "defaults.yaml"), path.join(dir, "defaults.yaml"));
  const sources = ["dev.yaml", "prod.yaml"].map((f) => readFileSync(path.join(EXAMPLE_CLUSTERS, f), "utf8"));
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `c${String(i).padStart(2, "0")}.yaml`), sources[i % 2]!);
  return dir;
}

/** A copy of the example matrix with `edit` applied to one cluster file (the edit must change it). */
export function exampleWith(edit: (text: string) => string, file = "dev.yaml"): string {
  const clusters = exampleClusters();
  const full = path.join(clusters, file);
  const text = readFileSync(full, "utf8");
  const next = edit(text);
  if (next === text) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(full, next);
  return clusters;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
}

/** Every file below `dir` with its bytes: for golden snapshots and "nothing changed" assertions. */
export function readTreeFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), "utf8");
    }
  };
  if (existsSync(dir)) walk("");
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export const treeHash = (dir: string): string =>
  createHash("sha256").update(JSON.stringify(readTreeFiles(dir))).digest("hex");

/** Validation flags for the full check set when ../shared is present. */
export const fullChecks = (): string[] =>
  SHARED ? ["--schema-location", SCHEMAS!, "--chart-cache", CHART_CACHE!] : [];

/** Debian's prometheus package tools (scripts/install-promtool.sh puts them in .tools/), or the same on PATH; CI must have them. */
export function prometheusTool(name: "promtool" | "prometheus"): { path: string | undefined; skip: string } {
  const local = path.join(ROOT, ".tools", "prometheus", "usr", "bin", name);
  const found = existsSync(local) ? local : findOnPath(name);
  if (!found && process.env["CI"]) throw new Error(`CI=true but ${name} is missing: .ci/run must install it`);
  return { path: found, skip: `skipped: ${name} not installed (run \`bash scripts/install-promtool.sh\`; CI does)` };
}

/** Lua 5.1 (Argo CD runs health checks in gopher-lua, a Lua 5.1). */
export function luaTool(): { path: string | undefined; skip: string } {
  const found = findOnPath("lua5.1");
  if (!found && process.env["CI"]) throw new Error("CI=true but lua5.1 is missing: .ci/run must install it");
  return { path: found, skip: "skipped: lua5.1 not installed (run `bash scripts/install-lua.sh`; CI does)" };
}

/** helm (scripts/install-helm.sh puts it in .tools/helm), for the chart render cases. */
export const HELM: string | undefined = existsSync(path.join(ROOT, ".tools/helm/helm")) ? path.join(ROOT, ".tools/helm/helm") : findOnPath("helm");
if (!HELM && process.env["CI"]) throw new Error("CI=true but helm is missing: .ci/run must install it (scripts/install-helm.sh)");
export const RENDER_SKIP = !HELM ? "skipped: helm not installed (bash scripts/install-helm.sh; CI does)" : !CHART_CACHE ? SKIP_REASON : "";

/** The bundled CLI (npm run build), for tests that run it as a program. */
export const BUNDLE = path.join(ROOT, "dist", "llm-gitops.mjs");
export const BUNDLE_SKIP = existsSync(BUNDLE) ? "" : " — skipped: dist/llm-gitops.mjs not built (npm run build)";

