/**
 * Renders a chart-backed Application exactly as Argo CD's repo-server does: `helm template` with the release name, the
 * destination namespace, `--kube-version` from the matrix, `--api-versions` of every API the cluster will serve by
 * then, `--include-crds` and the value files in the Application's order; the Gateway API git path through kustomize, as
 * Argo renders a directory holding a kustomization.yaml. Archives come from the chart cache
 * (`<dir>/<version>/<chart>-<version>.tgz`). Output is cached by content — the archive's digest, the values bytes and
 * the flags — so a fleet renders each distinct chart input once.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { cacheDir, cacheKey, readCacheFile, writeCacheFile } from "../cache/disk-cache.js";
import type { ChartKey, ChartPin } from "../catalog/charts.js";
import { CHARTS } from "../catalog/charts.js";

export interface RenderTools {
  readonly helm: string;
  readonly kubectl: string;
  readonly chartCache: string;
}

export class RenderError extends Error {
  override readonly name = "RenderError";
}

const digests = new Map<string, string>();
const digestOf = (file: string) => {
  let d = digests.get(file);
  if (!d) {
    d = createHash("sha256").update(readFileSync(file)).digest("hex");
    digests.set(file, d);
  }
  return d;
};

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

function parse(text: string): RenderedObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    const data = doc.toJS() as Record<string, unknown> | null;
    if (!data || typeof data !== "object" || !data["kind"]) return [];
    // helm writes `# Source: <chart>/templates/<file>` right after `---`: before the document or its first node.
    const source = /Source: (\S+)/.exec(`${doc.commentBefore ?? ""}\n${(doc.contents as { commentBefore?: string } | null)?.commentBefore ?? ""}`)?.[1];
    return [{ ...(source ? { source } : {}), data }];
  });
}

/** Renders once per content key; the parsed objects are kept as JSON (ten times faster to load than the YAML). */
const loaded = new Map<string, ChartOutput>();
function cached(kind: string, key: string, run: () => string): ChartOutput {
  const inProcess = loaded.get(key);
  if (inProcess) return inProcess;
  const out = fromDisk(kind, key, run);
  loaded.set(key, out);
  return out;
}

function fromDisk(kind: string, key: string, run: () => string): ChartOutput {
  const dir = cacheDir(kind);
  const file = dir && path.join(dir, `${key}.json`);
  const hit = file && readCacheFile(file);
  if (hit) return { key, objects: JSON.parse(hit) as RenderedObject[] };
  const objects = parse(run());
  if (file) writeCacheFile(file, JSON.stringify(objects));
  return { key, objects };
}

export function helmTemplate(tools: RenderTools, o: { key: ChartKey; pin: ChartPin; release: string; namespace: string; kubeVersion: string; apiVersions: readonly string[]; values: readonly { name: string; text: string }[] }): ChartOutput {
  const archive = archivePath(tools.chartCache, o.key, o.pin);
  if (!existsSync(archive)) throw new RenderError(`chart archive ${archive} is not in the chart cache (npm run charts -- pull, or give --chart-cache)`);
  const flags = ["--namespace", o.namespace, "--kube-version", o.kubeVersion, ...o.apiVersions.flatMap((a) => ["--api-versions", a]), "--include-crds"];
  // The values files by content and order (not by path: equal values in two clusters render once).
  const key = cacheKey("helm-objects-2", digestOf(archive), o.release, ...flags, ...o.values.map((v) => v.text));
  return cached("helm-render", key, () => {
    // The value files as Argo CD hands them to helm: in the Application's order, from the values the tree holds.
    const dir = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-values-"));
    try {
      const files = o.values.map((v, i) => {
        const file = path.join(dir, `${i}-${path.basename(v.name)}`);
        writeFileSync(file, v.text);
        return file;
      });
      const r = spawnSync(tools.helm, ["template", o.release, archive, ...flags, ...files.flatMap((f) => ["-f", f])], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
      if (r.error) throw new RenderError(`helm: ${r.error.message} (install it: bash scripts/install-helm.sh, or give --helm)`);
      if (r.status !== 0) throw new RenderError(`helm template ${o.release} (${o.pin.chart} ${o.pin.version}) failed: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`);
      return r.stdout;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** The Gateway API CRDs: `kubectl kustomize` over the pinned config/crd directory (its kustomization.yaml). */
export function kustomize(tools: RenderTools, pin: ChartPin): ChartOutput {
  const dir = path.join(tools.chartCache, "gateway-api", pin.version);
  if (!existsSync(path.join(dir, "kustomization.yaml"))) throw new RenderError(`${dir}/kustomization.yaml is not in the chart cache`);
  const kustomization = readFileSync(path.join(dir, "kustomization.yaml"), "utf8");
  const resources = [...kustomization.matchAll(/^\s*-\s*(\S+)$/gm)].map((m) => m[1]!).filter((f) => existsSync(path.join(dir, f)));
  const key = cacheKey("kustomize-objects-2", pin.version, kustomization, ...resources.map((f) => readFileSync(path.join(dir, f), "utf8")));
  return cached("kustomize-render", key, () => {
    const r = spawnSync(tools.kubectl, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.error || r.status !== 0) throw new RenderError(`kubectl kustomize ${dir} failed: ${r.error?.message ?? r.stderr.trim()}`);
    return r.stdout;
  });
}
