/**
 * PromQL: every expression parses with Prometheus' own grammar (lezer-promql, as in Prometheus' UI), and every vLLM
 * metric it names is exported by a vLLM version the cluster runs (read from the workloads' image tags), so the
 * seed's `vllm:gpu_cache_usage_perc` on v0.12+ or a misspelt name fails here rather than as an empty graph.
 */
import { parser } from "@prometheus-io/lezer-promql";
import { VLLM_IMAGE, VLLM_VERSIONS, vllmMetrics } from "../catalog/vllm.js";
import type { Finding } from "../errors.js";
import type { RenderedDoc } from "../render/output-file.js";
import { promqlExpressions, type PromqlExpression } from "./promql-expressions.js";

const HISTOGRAM_SUFFIX = /_bucket$/;

const exported = new Map<string, Set<string>>();

/** Names a vLLM version exports, with each histogram's _sum and _count (once per version and process). */
export function exportedNames(version: string): ReadonlySet<string> {
  const known = exported.get(version);
  if (known) return known;
  const names = new Set<string>();
  exported.set(version, names);
  for (const n of Object.values(vllmMetrics(version))) {
    names.add(n);
    if (HISTOGRAM_SUFFIX.test(n)) for (const s of ["_sum", "_count"]) names.add(n.replace(HISTOGRAM_SUFFIX, s));
  }
  return names;
}

interface Parsed {
  readonly errors: number[];
  readonly names: string[];
}

/** Clusters repeat the same queries: parse each distinct expression once per run. */
const parsed = new Map<string, Parsed>();

function parse(expr: string): Parsed {
  let p = parsed.get(expr);
  if (!p) {
    const errors: number[] = [];
    const names: string[] = [];
    parser.parse(expr).iterate({
      enter(node) {
        if (node.type.isError) errors.push(node.from);
        else if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") names.push(expr.slice(node.from, node.to));
      },
    });
    p = { errors, names };
    parsed.set(expr, p);
  }
  return p;
}

export const syntaxErrors = (expr: string): number[] => parse(expr).errors;
export const metricNames = (expr: string): string[] => parse(expr).names;

/** vLLM versions per cluster, from the image tags of the rendered Deployments and StatefulSets. */
function clusterVersions(docs: readonly RenderedDoc[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const d of docs) {
    const data = d.data as { kind?: string; spec?: { template?: { spec?: { containers?: { image?: string }[] } } } } | null;
    if (data?.kind !== "Deployment" && data?.kind !== "StatefulSet") continue;
    for (const c of data.spec?.template?.spec?.containers ?? []) {
      if (!c.image?.startsWith(`${VLLM_IMAGE}:`)) continue;
      const cluster = d.path.split("/")[1]!;
      if (!out.has(cluster)) out.set(cluster, new Set());
      out.get(cluster)!.add(c.image.slice(VLLM_IMAGE.length + 1));
    }
  }
  return out;
}

/** Names any known vLLM version exports (once per process). */
let everyName: ReadonlySet<string> | undefined;

/** Names the versions a cluster runs export, by the versions' list (clusters share it). */
const allowedBy = new Map<string, ReadonlySet<string>>();
function allowedNames(running: readonly string[]): ReadonlySet<string> {
  const key = running.join("\0");
  let allowed = allowedBy.get(key);
  if (!allowed) {
    allowed = new Set(running.flatMap((v) => [...exportedNames(v)]));
    allowedBy.set(key, allowed);
  }
  return allowed;
}

export function checkPromql(docs: readonly RenderedDoc[]): Finding[] {
  const findings: Finding[] = [];
  const versions = clusterVersions(docs);
  everyName ??= new Set(VLLM_VERSIONS.flatMap((v) => [...exportedNames(v)]));
  const finding = (e: PromqlExpression, message: string) => findings.push({ path: e.path, check: "promql", message: `${e.at}: ${message}` });
  // The versions a cluster runs and the names they allow, once per cluster (not per expression).
  const byCluster = new Map<string, { running: string[]; allowed: ReadonlySet<string> }>();
  for (const e of promqlExpressions(docs)) {
    const errors = syntaxErrors(e.expr);
    if (errors.length > 0) {
      finding(e, `PromQL does not parse at column ${errors[0]! + 1}: ${e.expr}`);
      continue;
    }
    let cluster = byCluster.get(e.cluster);
    if (!cluster) {
      const running = [...(versions.get(e.cluster) ?? [])];
      byCluster.set(e.cluster, (cluster = { running, allowed: allowedNames(running) }));
    }
    const { running, allowed } = cluster;
    for (const name of metricNames(e.expr)) {
      if (!name.startsWith("vllm:")) continue;
      if (running.length === 0) finding(e, `${name}: no vLLM workload in cluster ${e.cluster} exports it`);
      else if (!allowed.has(name)) {
        const why = everyName.has(name) ? `not exported by vLLM ${running.join(", ")} (other versions export it)` : "not a vLLM metric the generator knows";
        finding(e, `${name}: ${why}`);
      }
    }
  }
  return findings;
}
