/**
 * `diff --base REV [--format markdown|json] [--render --chart-cache DIR]`: what a change does to the clusters, not to
 * files — the generated tree committed at REV against the working tree (both are what the matrix renders: CI's drift
 * gate keeps them current), objects matched by cluster, Application, kind, namespace and name; with --render the
 * charts' output of both sides too.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { diffMarkdown } from "../docs/diff-markdown.js";
import { diffTrees, type DiffObject } from "../diff/object-diff.js";
import { treeAtRevision } from "../diff/tree-at.js";
import { EXIT, UsageError } from "../errors.js";
import type { RenderedDoc } from "../render/output-file.js";
import { kubeDocs } from "../validate/kube-docs.js";
import { renderCharts } from "../validate/render-charts.js";
import { listTree } from "../writer/tree.js";
import { renderTools, resolveDir, type CommonOptions } from "./options.js";
import type { Io } from "./report.js";

export interface DiffOptions extends CommonOptions {
  readonly base: string;
  readonly format: string;
}

function docsOf(files: ReadonlyMap<string, string>): RenderedDoc[] {
  const docs: RenderedDoc[] = [];
  for (const [p, text] of files) {
    if (p.endsWith(".json")) docs.push({ path: p, data: JSON.parse(text) });
    else if (/\.ya?ml$/.test(p)) for (const d of parseAllDocuments(text, { version: "1.1" })) if (d.contents !== null) docs.push({ path: p, data: d.toJS() });
  }
  return docs;
}

/** Every object of a tree with its cluster and Application; values files and dashboards count as objects too. */
function objectsOf(docs: readonly RenderedDoc[], files: ReadonlyMap<string, string>, tools: ReturnType<typeof renderTools>, chartCache?: string): DiffObject[] {
  const out: DiffObject[] = [];
  for (const d of docs) {
    const parts = d.path.split("/");
    const cluster = parts[1]!;
    if (parts[0] === "values") out.push({ cluster, app: path.basename(d.path, ".yaml"), kind: "HelmValues", apiVersion: "llm-gitops/v1", name: path.basename(d.path, ".yaml"), data: d.data, origin: d.path });
    else if (parts[0] === "dashboards") out.push({ cluster, app: "vllm", kind: "GrafanaDashboard", apiVersion: "llm-gitops/v1", name: path.basename(d.path, ".json"), data: d.data, origin: d.path });
    else if (parts[0] === "apps" && d.data && typeof d.data === "object") {
      const o = d.data as { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } };
      const app = parts[2] === "manifests" ? parts[3]! : parts[2] === "applications" ? (o.kind === "Application" ? o.metadata?.name ?? "" : "(project)") : "(root)";
      out.push({ cluster, app, kind: o.kind, apiVersion: o.apiVersion, name: o.metadata?.name ?? "", ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}), data: d.data, origin: d.path });
    }
  }
  if (tools && chartCache) {
    const rendered = renderCharts(kubeDocs(docs), (p) => files.get(p), { ...tools, chartCache });
    for (const f of rendered.findings) throw new UsageError(`diff --render: ${f.path}: ${f.message}`);
    for (const o of rendered.objects) out.push({ cluster: o.path.split("/")[1]!, app: o.app.name, kind: o.kind, apiVersion: o.apiVersion, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), data: o.data, origin: o.source });
  }
  return out;
}

export function diffCommand(o: DiffOptions, io: Io): number {
  if (o.format !== "markdown" && o.format !== "json") throw new UsageError(`--format ${o.format}: markdown or json`);
  const outDir = resolveDir(o.out);
  const tools = renderTools(o);
  const before = treeAtRevision(outDir, o.base);
  const now = new Map(listTree(outDir).filter((p) => !p.endsWith(".md")).map((p) => [p, readFileSync(path.join(outDir, p), "utf8")]));
  const baseFiles = new Map([...before].filter(([p]) => !p.endsWith(".md")));
  const diff = diffTrees(objectsOf(docsOf(baseFiles), baseFiles, tools, o.chartCache), objectsOf(docsOf(now), now, tools, o.chartCache));
  io.out(o.format === "json" ? JSON.stringify({ base: o.base, ...diff }, null, 2) : diffMarkdown(o.base, diff).trimEnd());
  return EXIT.ok;
}
