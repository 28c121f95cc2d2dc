/**
 * Renders a chart-backed Application exactly as Argo CD's repo-server does: `helm template` with the release name, the
 * destination namespace, `--kube-version` from the matrix, `--api-versions` of every API the cluster will serve by
 * then, `--include-crds` and the value files in the Application's order; the Gateway API git path through kustomize, as
 * Argo renders a directory holding a kustomization.yaml. Archives come from the chart cache
 * (`<dir>/<version>/<chart>-<version>.tgz`). Output is cached by content — the archive's digest, the values bytes and
 * the flags — so a fleet renders each distinct chart input once; the renders a run still needs go to helm in parallel.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { load as loadYaml } from "js-yaml";
import { cacheDir, cacheKey, readCacheFile, readCacheJson, writeCacheFile } from "../cache/disk-cache.js";
import type { ChartKey, ChartPin } from "../catalog/charts.js";
import { CHARTS } from "../catalog/charts.js";
import { runParallel, type Command } from "./run-parallel.js";
import { tgzFiles } from "./tar.js";

export interface RenderTools {
  readonly helm: string;
  readonly kubectl: string;
  readonly chartCache: string;
}

export class RenderError extends Error {
  override readonly name = "RenderError";
}

/** Per-process memo: the chart cache does not change during a run, and each cluster asks about the same archives. */
function memo<T>(table: Map<string, T>, key: string, make: () => T): T {
  if (!table.has(key)) table.set(key, make());
  return table.get(key)!;
}
const digests = new Map<string, string>();
const digestOf = (file: string) => memo(digests, file, () => createHash("sha256").update(readFileSync(file)).digest("hex"));

export const archivePath = (chartCache: string, key: ChartKey, pin: ChartPin): string => path.join(chartCache, CHARTS[key].cacheDir ?? key, pin.version, `${pin.chart}-${pin.version}.tgz`);

/** One rendered object and the template it came from (helm's `# Source:` line). */
export interface RenderedObject {
  readonly source?: string;
  readonly data: Record<string, unknown>;
}
export interface ChartOutput {
  /** The content key of the render's inputs: equal keys, equal output. */
  readonly key: string;
  readonly objects: readonly RenderedObject[];
}

/**
 * helm's output: documents after `---`, each led by `# Source: <chart>/templates/<file>`. A line starting `---` ends a
 * YAML document wherever it stands (block scalars are indented), so splitting there is what a YAML parser does; each
 * document is then read with js-yaml (YAML 1.2 core schema, like the yaml package; several times faster on
 * megabytes of chart output).
 */
function parse(text: string): RenderedObject[] {
  return text.split(/^---(?=[ \t]|$)/m).flatMap((chunk) => {
    if (!/^[^#\s]/m.test(chunk)) return []; // only comments: helm's empty templates
    let data: Record<string, unknown> | null | undefined;
    try {
      data = loadYaml(chunk) as typeof data;
    } catch (e) {
      throw new RenderError(`the chart's output is not YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    if (!data || typeof data !== "object" || !data["kind"]) return [];
    const source = /^#\s*Source: (\S+)/m.exec(chunk)?.[1];
    return [{ ...(source ? { source } : {}), data }];
  });
}

/** Renders once per content key; the parsed objects are kept as JSON (ten times faster to load than the YAML). */
const loaded = new Map<string, ChartOutput>();

function diskHit(kind: string, key: string): ChartOutput | undefined {
  const dir = cacheDir(kind);
  const objects = dir ? readCacheJson<RenderedObject[]>(path.join(dir, `${key}.json`)) : undefined;
  return objects ? { key, objects } : undefined;
}

function store(kind: string, key: string, text: string): ChartOutput {
  const objects = parse(text);
  const dir = cacheDir(kind);
  if (dir) writeCacheFile(path.join(dir, `${key}.json`), JSON.stringify(objects));
  return { key, objects };
}


export interface HelmInput {
  readonly key: ChartKey;
  readonly pin: ChartPin;
  readonly release: string;
  readonly namespace: string;
  readonly kubeVersion: string;
  readonly apiVersions: readonly string[];
  readonly values: readonly { name: string; text: string }[];
}

/**
 * Whether any template of the chart or its bundled subcharts can see `--api-versions` (all access goes through
 * `.Capabilities.APIVersions`). When none can, the flags cannot change the output: the render is keyed without them and
 * may start before earlier waves' CRDs are known.
 */
const reading = new Map<string, boolean>();
const readsApiVersions = (archive: string): boolean => memo(reading, archive, () => scanForApiVersions(archive));

function scanForApiVersions(archive: string): boolean {
  const digest = digestOf(archive);
  const dir = cacheDir("chart-reads-api-versions");
  const file = dir && path.join(dir, digest);
  const hit = file && readCacheFile(file);
  if (hit) return hit === "1";
  const scan = (tgz: Buffer): boolean => [...tgzFiles(tgz, () => true)].some(([name, body]) => (name.endsWith(".tgz") ? scan(body) : body.includes("APIVersions")));
  const reads = scan(readFileSync(archive));
  if (file) writeCacheFile(file, reads ? "1" : "0");
  return reads;
}

/** Whether this chart's render must wait for the API versions of earlier waves. */
export function waitsForApiVersions(tools: RenderTools, key: ChartKey, pin: ChartPin): boolean {
  const archive = archivePath(tools.chartCache, key, pin);
  return !existsSync(archive) || readsApiVersions(archive);
}

/** A render the cache lacks: what to run and how to name its failure. */
interface Job {
  readonly key: string;
  readonly kind: "helm-render" | "kustomize-render";
  readonly command: (dir: string, n: number) => Command;
  readonly failed: (stderr: string) => RenderError;
}

function helmJob(tools: RenderTools, o: HelmInput): Job | RenderError {
  const archive = archivePath(tools.chartCache, o.key, o.pin);
  if (!existsSync(archive)) return new RenderError(`chart archive ${archive} is not in the chart cache (npm run charts -- pull, or give --chart-cache)`);
  const apiFlags = o.apiVersions.flatMap((a) => ["--api-versions", a]);
  const flags = ["--namespace", o.namespace, "--kube-version", o.kubeVersion, ...apiFlags, "--include-crds"];
  // The values files by content and order (not by path: equal values in two clusters render once).
  const keyFlags = readsApiVersions(archive) ? flags : flags.filter((f, i) => f !== "--api-versions" && flags[i - 1] !== "--api-versions");
  return {
    key: cacheKey("helm-objects-3", digestOf(archive), o.release, ...keyFlags, ...o.values.map((v) => v.text)),
    kind: "helm-render",
    // The value files as Argo CD hands them to helm: in the Application's order, from the values the tree holds.
    command: (dir, n) => {
      const files = o.values.map((v, i) => {
        const file = path.join(dir, `${n}-${i}-${path.basename(v.name)}`);
        writeFileSync(file, v.text);
        return file;
      });
      return { file: tools.helm, args: ["template", o.release, archive, ...flags, ...files.flatMap((f) => ["-f", f])] };
    },
    failed: (stderr) => new RenderError(`helm template ${o.release} (${o.pin.chart} ${o.pin.version}) failed: ${stderr.trim().split("\n").slice(-3).join(" ")}`),
  };
}

const kustomizeKeys = new Map<string, string>();

/** The Gateway API CRDs: `kubectl kustomize` over the pinned config/crd directory (its kustomization.yaml). */
function kustomizeJob(tools: RenderTools, pin: ChartPin): Job | RenderError {
  const dir = path.join(tools.chartCache, "gateway-api", pin.version);
  if (!existsSync(path.join(dir, "kustomization.yaml"))) return new RenderError(`${dir}/kustomization.yaml is not in the chart cache`);
  return {
    key: memo(kustomizeKeys, dir, () => {
      const kustomization = readFileSync(path.join(dir, "kustomization.yaml"), "utf8");
      const resources = [...kustomization.matchAll(/^\s*-\s*(\S+)$/gm)].map((m) => m[1]!).filter((f) => existsSync(path.join(dir, f)));
      return cacheKey("kustomize-objects-2", pin.version, kustomization, ...resources.map((f) => readFileSync(path.join(dir, f), "utf8")));
    }),
    kind: "kustomize-render",
    command: () => ({ file: tools.kubectl, args: ["kustomize", dir] }),
    failed: (stderr) => new RenderError(`kubectl kustomize ${dir} failed: ${stderr.trim()}`),
  };
}

/** A render to make: a chart through helm, or the Gateway API's kustomization. */
export type RenderInput = HelmInput | { readonly kustomize: ChartPin };

const BATCH = 16; // renders whose output is in memory at once (kube-prometheus-stack's is megabytes)

/**
 * Renders each input (or finds it in the cache), the missing ones in parallel on every core; each result is the
 * output or the error of that one render.
 */
export function renderAll(tools: RenderTools, inputs: readonly RenderInput[]): (ChartOutput | RenderError)[] {
  const jobs = inputs.map((o) => ("kustomize" in o ? kustomizeJob(tools, o.kustomize) : helmJob(tools, o)));
  const missing = new Map<string, Job>();
  for (const j of jobs) if (!(j instanceof RenderError) && !loaded.has(j.key) && !missing.has(j.key)) {
    const hit = diskHit(j.kind, j.key);
    if (hit) loaded.set(j.key, hit);
    else missing.set(j.key, j);
  }
  const failed = new Map<string, RenderError>();
  const todo = [...missing.values()];
  for (let at = 0; at < todo.length; at += BATCH) {
    const batch = todo.slice(at, at + BATCH);
    const dir = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-values-"));
    try {
      runParallel(batch.map((j, n) => j.command(dir, n))).forEach((r, n) => {
        const j = batch[n]!;
        if (r.error) failed.set(j.key, new RenderError(`${r.error} (helm: bash scripts/install-helm.sh, or give --helm; kubectl from PATH)`));
        else if (r.status !== 0) failed.set(j.key, j.failed(r.stderr));
        else {
          try {
            loaded.set(j.key, store(j.kind, j.key, r.stdout));
          } catch (e) {
            if (!(e instanceof RenderError)) throw e;
            failed.set(j.key, e);
          }
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return jobs.map((j) => (j instanceof RenderError ? j : (loaded.get(j.key) ?? failed.get(j.key)!)));
}
