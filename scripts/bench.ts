/**
 * npm run bench: times `npm run generate -- ...` as users run it (npm, the build check, the program), each figure
 * over several runs (min / median / max), and exits 1 when a budget is missed.
 * - Synthetic matrices of 1, 10, 100 and 300 clusters (alternating the dev and prod examples), with every check
 *   (strict schemas and chart defaults when ../shared is present).
 * - Warm: the cache directory (compiled validators, parsed chart defaults, V8 code caches) filled by an earlier run;
 *   cold: an empty cache directory per run, as in CI's clean clone. Every timed run writes into a directory of its
 *   own, created before and deleted only after all timing (deleting thousands of files just before a run slows its
 *   writes on this disk).
 * - No-op (nothing changed since the last run) and incremental (one of 100 cluster files edited) regenerate.
 * - In the same run, `kubectl kustomize` over 100 overlays of one whole generated cluster: what users run instead.
 *   Each kustomize run follows a warm 100-cluster generate, and the budget is the median of the per-pair ratios.
 * - Timing starts once creating files costs about what rewriting them does (settleFileCreation): a large deletion
 *   just before, such as the end of an earlier bench run, slows file creation for a minute or more.
 * - `--render`: validate --render too (with helm in .tools/helm): all cold (one cluster), renders cold, warm, plain.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const shared = path.resolve(root, "..", "shared");
const checks = existsSync(path.join(shared, "schemas")) ? ["--schema-location", path.join(shared, "schemas"), "--chart-cache", path.join(shared, "charts")] : [];
const RUNS = 5;
const HEAVY_RUNS = 3;
const work = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-bench-"));
const fresh = (prefix: string) => mkdtempSync(path.join(work, `${prefix}-`));

interface Sample {
  readonly wall: number;
  readonly rssMb: number;
  readonly stdout: string;
}

// The largest process's peak RSS, reported by each Node process at exit (npm is one too: the generator is larger).
// A file, not a data: URL: NODE_OPTIONS splits on spaces.
const rssPreload = path.join(work, "report-max-rss.mjs");
writeFileSync(rssPreload, "process.on('exit', () => process.stderr.write(`\\nMAXRSS ${process.resourceUsage().maxRSS}\\n`));\n");
const RSS_PRELOAD = `--import=${pathToFileURL(rssPreload).href}`;

function timed(command: string, args: readonly string[], env: Record<string, string> = {}): Sample {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env, NODE_OPTIONS: RSS_PRELOAD } });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  const rss = Math.max(0, ...[...run.stderr.matchAll(/MAXRSS (\d+)/g)].map((m) => Number(m[1])));
  return { wall, rssMb: rss / 1024, stdout: run.stdout.trim().split("\n").pop() ?? "" };
}

const generate = (clusters: string, out: string, env: Record<string, string> = {}) => timed("npm", ["run", "--silent", "generate", "--", "--clusters", clusters, "--out", out, ...checks], env);

function matrix(count: number): string {
  const dir = fresh(`matrix-${count}`);
  cpSync(path.join(root, "clusters", "defaults.yaml"), path.join(dir, "defaults.yaml"));
  const sources = ["dev.yaml", "prod.yaml"].map((f) => readFileSync(path.join(root, "clusters", f), "utf8"));
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `c${String(i).padStart(3, "0")}.yaml`), sources[i % 2]!);
  return dir;
}

interface Stat {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}
function stat(xs: readonly number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0]!, median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, max: s[s.length - 1]! };
}
const fmt = (s: Stat, unit: string, digits = 2) => `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
const repeat = (n: number, f: (i: number) => Sample): Sample[] => Array.from({ length: n }, (_, i) => f(i));
const walls = (xs: readonly Sample[]) => stat(xs.map((x) => x.wall));
const peaks = (xs: readonly Sample[]) => stat(xs.map((x) => x.rssMb));
const expect = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`bench: ${what}`);
};

const rows: string[] = [];
const row = (what: string, xs: readonly Sample[], note = "") => rows.push(`| ${what} | ${xs.length} | ${fmt(walls(xs), "s")} | ${peaks(xs).max > 0 ? fmt(peaks(xs), "MB", 0) : "– (not a Node process)"} | ${note} |`);

console.log(`llm-gitops bench: ${os.cpus().length} cores, Node ${process.version}, ${checks.length ? "strict schemas and chart defaults from ../shared" : "without ../shared (schema and values checks off)"}; measured: npm run generate -- ...`);
console.log(settleFileCreation());
const warmCache = fresh("cache-warm");
const warmEnv = { LLM_GITOPS_CACHE_DIR: warmCache };

const results: Record<string, Sample[]> = {};
const matrices: Record<number, string> = {};
for (const count of [1, 10, 100, 300]) {
  matrices[count] = matrix(count);
  generate(matrices[count]!, fresh("warmup"), warmEnv); // fills the warm cache for this size's inputs
  const runs = count >= 300 ? HEAVY_RUNS : RUNS;
  results[`warm${count}`] = repeat(runs, () => generate(matrices[count]!, fresh(`out-${count}`), warmEnv));
  for (const r of results[`warm${count}`]!) expect(/ 0 unchanged/.test(r.stdout) && !/reused/.test(r.stdout), `a first run into a fresh directory did not render everything: ${r.stdout}`);
  row(`${count} cluster(s), warm cache, fresh directory`, results[`warm${count}`]!, /(\d+) files/.exec(results[`warm${count}`]![0]!.stdout)?.[1] + " files");
}
for (const count of [1, 100]) {
  results[`cold${count}`] = repeat(HEAVY_RUNS, () => generate(matrices[count]!, fresh(`out-cold-${count}`), { LLM_GITOPS_CACHE_DIR: fresh("cache-cold") }));
  row(`${count} cluster(s), empty cache (a clean clone)`, results[`cold${count}`]!);
}

// No-op and incremental: a directory the last run wrote, with its run memo.
const tree = fresh("out-incremental");
generate(matrices[100]!, tree, warmEnv);
results["noop"] = repeat(RUNS, () => generate(matrices[100]!, tree, warmEnv));
for (const r of results["noop"]!) expect(/ 0 written, 0 pruned/.test(r.stdout), `a no-op wrote files: ${r.stdout}`);
row("100 clusters, no-op (nothing changed)", results["noop"]!);
const edited = path.join(matrices[100]!, "c007.yaml");
const original = readFileSync(edited, "utf8");
expect(original.includes("queueThreshold: 5"), "the dev example no longer has queueThreshold: 5 (the incremental case edits it)");
results["edit1"] = repeat(RUNS, (i) => {
  writeFileSync(edited, i % 2 === 0 ? original.replace("queueThreshold: 5", "queueThreshold: 6") : original);
  return generate(matrices[100]!, tree, warmEnv);
});
for (const r of results["edit1"]!) expect(/ [1-9]\d* written/.test(r.stdout) && /99 of 100 clusters reused/.test(r.stdout), `an edit of one cluster did not re-render exactly it: ${r.stdout}`);
writeFileSync(edited, original);
row("100 clusters, 1 cluster file edited", results["edit1"]!);

// kubectl kustomize over 100 overlays of one generated cluster (labels and an annotation each), validating nothing.
// The base is the whole cluster as generated (the root Application, the Applications and the plain manifests): what a
// user's overlay per cluster would build. The bench before 2026-12-01 built only the plain manifests (18 of the 30
// YAML files); that loop still runs, for comparison with earlier figures, but decides nothing.
// Each kustomize run is paired with a warm 100-cluster generate right before it, and the ratio is taken pair by pair:
// the machine's speed drifts over minutes, and both sides of a pair see the same machine.
const hasKubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;
const kustomizeRun = hasKubectl ? kustomizeComparison(path.join(tree, "apps", "c000"), "whole") : undefined;
const manifestsOnlyRun = hasKubectl ? kustomizeComparison(path.join(tree, "apps", "c000"), "manifests") : undefined;
const pairs =
  kustomizeRun && manifestsOnlyRun
    ? Array.from({ length: RUNS }, () => {
        const gen = generate(matrices[100]!, fresh("out-paired"), warmEnv);
        return { generate: gen, kustomize: kustomizeRun(), manifestsOnly: manifestsOnlyRun() };
      })
    : [];
const kustomize = pairs.length ? pairs.map((p) => p.kustomize) : undefined;
const pairedRatio = stat(pairs.map((p) => p.kustomize.wall / p.generate.wall));
const manifestsOnlyRatio = stat(pairs.map((p) => p.manifestsOnly.wall / p.generate.wall));
if (kustomize) {
  row("`kubectl kustomize`, 100 overlays of one whole cluster (for comparison)", kustomize, "100 invocations, one after another");
  row("`kubectl kustomize`, 100 overlays of one cluster's plain manifests only (the bench's base before 2026-12-01)", pairs.map((p) => p.manifestsOnly), `per pair: ${manifestsOnlyRatio.median.toFixed(1)}× (${manifestsOnlyRatio.min.toFixed(1)}–${manifestsOnlyRatio.max.toFixed(1)}); decides nothing`);
  row("100 clusters, warm, each run right before the kustomize runs", pairs.map((p) => p.generate), `whole cluster / generate per pair: ${pairedRatio.median.toFixed(1)}× (${pairedRatio.min.toFixed(1)}–${pairedRatio.max.toFixed(1)})`);
}

console.log("\n| case | runs | wall, median (min–max) | peak RSS, median (min–max) | |\n|---|---|---|---|---|");
for (const r of rows) console.log(r);

const median = (k: string) => walls(results[k]!).median;
const budgets: { what: string; value: string; budget: string; met: boolean }[] = [
  { what: "100 clusters, warm", value: `${median("warm100").toFixed(2)} s`, budget: "≤ 1.5 s", met: median("warm100") <= 1.5 },
  { what: "100 clusters, cold", value: `${median("cold100").toFixed(2)} s`, budget: "≤ 2.5 s", met: median("cold100") <= 2.5 },
  { what: "100 clusters, peak memory (warm)", value: `${peaks(results["warm100"]!).median.toFixed(0)} MB`, budget: "≤ 250 MB", met: peaks(results["warm100"]!).median <= 250 },
  { what: "100 clusters, peak memory (cold)", value: `${peaks(results["cold100"]!).median.toFixed(0)} MB`, budget: "≤ 250 MB", met: peaks(results["cold100"]!).median <= 250 },
  { what: "300 clusters, peak memory", value: `${peaks(results["warm300"]!).median.toFixed(0)} MB`, budget: "≤ 300 MB", met: peaks(results["warm300"]!).median <= 300 },
  { what: "edit 1 of 100 clusters", value: `${median("edit1").toFixed(2)} s`, budget: "≤ 1.2 s", met: median("edit1") <= 1.2 },
  { what: "no-op", value: `${median("noop").toFixed(2)} s`, budget: "≤ 0.6 s", met: median("noop") <= 0.6 },
  kustomize
    ? { what: "kustomize comparison / 100 clusters warm (paired median)", value: `${pairedRatio.median.toFixed(1)}×`, budget: "≥ 8×", met: pairedRatio.median >= 8 }
    : { what: "kustomize comparison", value: "not measured (kubectl not on PATH)", budget: "≥ 8×", met: false },
];
if (process.argv.includes("--render")) budgets.push(...renderRows());
console.log("\n| budget | measured (median) | budget | met |\n|---|---|---|---|");
for (const b of budgets) console.log(`| ${b.what} | ${b.value} | ${b.budget} | ${b.met ? "yes" : "**no**"} |`);
rmSync(work, { recursive: true, force: true });
const missed = budgets.filter((b) => !b.met).length;
if (missed > 0) {
  console.log(`\nbench: ${missed} budget(s) missed`);
  process.exitCode = 1;
}

/**
 * Waits until creating files costs about what rewriting them does. Right after a large deletion in the same file
 * system (the end of an earlier bench run, an `rm -rf` of a generated tree), ext4 without a journal looks past the
 * inodes freed in the last minute (five, while their inode table is not yet written back) for every new file; a new
 * directory beside the deleted tree was hit here: every timed run would measure that instead of the program.
 * Probes 1,000 small files created into a fresh directory of the bench's, then rewritten, every 2 s, until two probes
 * in a row create within twice the rewrite (at most 6 minutes; settled, the two are about equal here).
 */
function settleFileCreation(): string {
  const started = Date.now();
  const probes: { create: number; rewrite: number }[] = [];
  const settled = (p: { create: number; rewrite: number } | undefined) => !!p && p.create <= 2 * p.rewrite;
  const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
  for (;;) {
    const dir = fresh("probe");
    const files = Array.from({ length: 1000 }, (_, i) => path.join(dir, `${i}.yaml`));
    let t = process.hrtime.bigint();
    for (const f of files) writeFileSync(f, "# probe\n");
    const create = ms(t);
    t = process.hrtime.bigint();
    for (const f of files) writeFileSync(f, "# probe\n");
    probes.push({ create, rewrite: ms(t) });
    if ((settled(probes[probes.length - 1]) && settled(probes[probes.length - 2])) || Date.now() - started > 360_000) break;
    spawnSync("sleep", ["2"]);
  }
  const series = probes.map((p) => `${p.create.toFixed(0)}/${p.rewrite.toFixed(0)}`).join(", ");
  const verdict = settled(probes[probes.length - 1]) ? "timing starts now" : "**did not settle: file creation is slow in the figures below**";
  return `file creation, 1,000 files created/rewritten: ${series} ms (${probes.length} probes over ${((Date.now() - started) / 1000).toFixed(0)} s; ${verdict})`;
}

/**
 * One timed `kubectl kustomize` loop over 100 overlays (set up once). The base holds every YAML file of the generated
 * cluster ("whole") or only its plain manifests ("manifests").
 */
function kustomizeComparison(clusterDir: string, base: "whole" | "manifests"): () => Sample {
  const dir = fresh(`kustomize-${base}`);
  const resources: string[] = [];
  const copy = (from: string) => {
    for (const e of readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(from, e.name);
      if (e.isDirectory()) copy(abs);
      else if (e.name.endsWith(".yaml")) {
        const name = `${resources.length}-${e.name}`;
        cpSync(abs, path.join(dir, "base", name));
        resources.push(name);
      }
    }
  };
  mkdirSync(path.join(dir, "base"));
  copy(base === "whole" ? clusterDir : path.join(clusterDir, "manifests"));
  writeFileSync(path.join(dir, "base", "kustomization.yaml"), `resources:\n${resources.map((r) => `  - ${r}`).join("\n")}\n`);
  const overlays = Array.from({ length: 100 }, (_, i) => {
    const overlay = path.join(dir, "overlays", `c${String(i).padStart(3, "0")}`);
    mkdirSync(overlay, { recursive: true });
    writeFileSync(path.join(overlay, "kustomization.yaml"), `resources:\n  - ../../base\nlabels:\n  - pairs:\n      cluster: c${i}\ncommonAnnotations:\n  llm-gitops.example/cluster: c${i}\n`);
    return overlay;
  });
  // A kustomization that lists the wrong files would fail fast and flatter us: check one build's size.
  const one = spawnSync("kubectl", ["kustomize", overlays[0]!], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect(one.status === 0 && (one.stdout.match(/^kind: /gm) ?? []).length >= resources.length, `kustomize of the ${base} base built ${one.status === 0 ? "too few objects" : `nothing: ${one.stderr}`}`);
  // One process runs the 100 invocations (a shell loop), as a user's script would.
  const script = `for d in ${overlays.map((d) => `'${d}'`).join(" ")}; do kubectl kustomize "$d" > /dev/null || exit 1; done`;
  return () => timed("sh", ["-c", script]);
}

function renderRows(): { what: string; value: string; budget: string; met: boolean }[] {
  const helm = path.join(root, ".tools", "helm", "helm");
  if (!existsSync(helm) || !checks.length) return [{ what: "validate --render", value: "not measured (needs .tools/helm and ../shared)", budget: "-", met: false }];
  const out: { what: string; value: string; budget: string; met: boolean }[] = [];
  for (const count of [1, 100]) {
    const treeDir = fresh(`render-tree-${count}`);
    generate(matrices[count]!, treeDir, warmEnv);
    const validate = (render: boolean, env: Record<string, string>) => timed("npm", ["run", "--silent", "validate", "--", "--out", treeDir, ...checks, ...(render ? ["--render", "--helm", helm] : [])], env);
    const plain: Sample[] = [];
    const cold: Sample[] = [];
    const warm: Sample[] = [];
    for (let i = 0; i < HEAVY_RUNS; i++) {
      // Renders cold: compiled validators in the cache (a plain validate first fills it), no rendered chart yet.
      const cache = fresh("render-cache");
      const env = { LLM_GITOPS_CACHE_DIR: cache };
      validate(false, env);
      plain.push(validate(false, env));
      cold.push(validate(true, env));
      warm.push(validate(true, env));
    }
    row(`validate, ${count} cluster(s)`, plain);
    row(`validate --render, ${count} cluster(s), renders cold`, cold);
    row(`validate --render, ${count} cluster(s), warm`, warm);
    const ratio = stat(warm.map((w, i) => w.wall / plain[i]!.wall)).median;
    if (count === 1) out.push({ what: "validate --render, 1 cluster, renders cold", value: `${walls(cold).median.toFixed(2)} s`, budget: "≤ 4 s", met: walls(cold).median <= 4 });
    if (count === 100) out.push({ what: "validate --render, 100 clusters, warm / plain", value: `${ratio.toFixed(2)}×`, budget: "≤ 1.5×", met: ratio <= 1.5 });
  }
  console.log("\n| case | runs | wall, median (min–max) | peak RSS, median (min–max) | |\n|---|---|---|---|---|");
  for (const r of rows.slice(-6)) console.log(r);
  return out;
}
