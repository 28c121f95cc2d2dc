/**
 * npm run bench: renders synthetic matrices of 1, 10 and 100 clusters with full validation (strict schemas and chart
 * defaults when ../shared is present), in a fresh process each, and prints wall time and peak memory; then the time
 * of a no-op regenerate (which must write zero files), through the full path and memoised. Budget: 100 clusters <= 2 s and <= 300 MB.
 * With helm in .tools/helm, also validate --render: with every cache empty (one cluster), with only the renders
 * missing, and warm, against the plain validate. Budget: warm 100 clusters <= 1.5x plain; one cluster's cold render <= 4 s.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = path.join(root, "dist", "llm-gitops.mjs");
const shared = path.resolve(root, "..", "shared");
const checks = existsSync(path.join(shared, "schemas"))
  ? ["--schema-location", path.join(shared, "schemas"), "--chart-cache", path.join(shared, "charts")]
  : [];

function matrix(count: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-bench-"));
  cpSync(path.join(root, "clusters", "defaults.yaml"), path.join(dir, "defaults.yaml"));
  const sources = ["dev.yaml", "prod.yaml"].map((f) => readFileSync(path.join(root, "clusters", f), "utf8"));
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `c${String(i).padStart(3, "0")}.yaml`), sources[i % 2]!);
  return dir;
}

function timed(args: string[], env: Record<string, string> = {}): { ms: number; maxRssMb: number; stdout: string } {
  const start = process.hrtime.bigint();
  // /usr/bin/time is not everywhere: ask the child for its own peak RSS through a preload.
  const run = spawnSync(process.execPath, ["--import", "data:text/javascript,process.on('exit',()=>process.stderr.write('\\nMAXRSS '+process.resourceUsage().maxRSS+'\\n'))", cli, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`generate failed (${run.status}): ${run.stderr}`);
  const rss = Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1] ?? 0);
  return { ms, maxRssMb: rss / 1024, stdout: run.stdout.trim().split("\n").pop() ?? "" };
}

const helm = [path.join(root, ".tools", "helm", "helm")].find((h) => existsSync(h));
const renders: string[] = [];

console.log(`llm-gitops bench on ${os.cpus().length} cores, Node ${process.version}; validation: ${checks.length ? "models, ordering, strict schemas, values keys" : "models, ordering (../shared absent)"}`);
console.log("clusters  files  wall ms  peak MB  no-op ms (full path)  no-op ms (memoised)");
for (const count of [1, 10, 100]) {
  const clusters = matrix(count);
  const out = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-bench-out-"));
  try {
    const first = timed(["generate", "--clusters", clusters, "--out", out, ...checks]);
    const full = timed(["generate", "--clusters", clusters, "--out", out, ...checks], { LLM_GITOPS_NO_MEMO: "1" });
    const noop = timed(["generate", "--clusters", clusters, "--out", out, ...checks]);
    for (const r of [full, noop]) if (!/ 0 written, 0 pruned/.test(r.stdout)) throw new Error(`no-op regenerate wrote files: ${r.stdout}`);
    const files = /(\d+) files/.exec(first.stdout)?.[1] ?? "?";
    console.log(`${String(count).padStart(8)}  ${files.padStart(5)}  ${first.ms.toFixed(0).padStart(7)}  ${first.maxRssMb.toFixed(0).padStart(7)}  ${full.ms.toFixed(0).padStart(20)}  ${noop.ms.toFixed(0).padStart(19)}`);
    if (helm && checks.length) {
      // validate --render in a cache of its own: for one cluster first with every cache empty, then with only the
      // renders missing (schemas and chart defaults cached, as after any earlier validate); then warm, against the
      // plain validate with the same cache.
      const cache = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-bench-cache-"));
      const render = ["validate", "--out", out, ...checks, "--render", "--helm", helm];
      const env = { LLM_GITOPS_CACHE_DIR: cache };
      const allCold = count === 1 ? timed(render, env) : undefined;
      for (const kind of ["helm-render", "kustomize-render"]) rmSync(path.join(cache, kind), { recursive: true, force: true });
      if (!allCold) timed(["validate", "--out", out, ...checks], env); // compiles the schemas into this cache
      const plain = timed(["validate", "--out", out, ...checks], env);
      const cold = timed(render, env);
      const warm = timed(render, env);
      renders.push(`${String(count).padStart(8)}  ${plain.ms.toFixed(0).padStart(8)}  ${(allCold ? allCold.ms.toFixed(0) : "-").padStart(15)}  ${cold.ms.toFixed(0).padStart(11)}  ${warm.ms.toFixed(0).padStart(11)}  ${(warm.ms / plain.ms).toFixed(2).padStart(5)}x  ${warm.maxRssMb.toFixed(0).padStart(7)}`);
      rmSync(cache, { recursive: true, force: true });
    }
  } finally {
    rmSync(clusters, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
if (renders.length) {
  console.log("clusters  validate  render all cold  render cold  render warm  warm/plain  warm MB (ms; validate --render with strict schemas and chart defaults)");
  for (const line of renders) console.log(line);
}
