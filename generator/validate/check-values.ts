/**
 * Helm values keys against the pinned chart's own defaults (`--chart-cache DIR`, layout <chart>/<version>/values.yaml),
 * plus the chart's values.schema.json where it ships one. A misspelt key is silently ignored by Helm: catch it here.
 */
import type { ValidateFunction } from "ajv";
import { compileCached } from "./schema-catalog.js";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { load as loadYaml } from "js-yaml";
import { CHARTS, type ChartKey } from "../catalog/charts.js";
import type { Finding } from "../errors.js";
import { isPlainObject } from "../matrix/merge.js";
import type { RenderedDoc } from "../render/output-file.js";
import { didYouMean } from "../matrix/suggest.js";
import { applications, chartKeyOf } from "./applications.js";
import { cacheDir, cacheKey, readCacheJson, writeCacheFile } from "../cache/disk-cache.js";
import type { KubeDoc } from "./kube-docs.js";

export interface ValuesReport {
  readonly findings: Finding[];
  /** Keys that could not be checked (dependency charts, versions absent from the cache). */
  readonly notes: string[];
}

/** Kubernetes structures charts pass through verbatim: their keys are Kubernetes', not the chart's. */
const PASSTHROUGH = new Set(["resources", "annotations", "labels", "podAnnotations", "podLabels", "nodeSelector", "affinity", "tolerations", "securityContext", "podSecurityContext", "containerSecurityContext"]);

const defaultsCache = new Map<string, { defaults: Record<string, unknown>; schema?: ValidateFunction } | null>();

function loadChart(cacheDir: string, key: ChartKey, version: string) {
  const dir = path.join(cacheDir, CHARTS[key].cacheDir ?? key, version);
  if (!defaultsCache.has(dir)) {
    const file = path.join(dir, "values.yaml");
    if (!existsSync(file)) defaultsCache.set(dir, null);
    else {
      let defaults = parseDefaults(readFileSync(file, "utf8"));
      const wrapper = CHARTS[key].defaultsWrapper;
      if (wrapper && isPlainObject(defaults[wrapper])) defaults = defaults[wrapper] as Record<string, unknown>;
      const schemaFile = path.join(dir, "values.schema.json");
      const schema = existsSync(schemaFile)
        ? // Through the strict-schema cache: the same ajv semantics (unknown formats pass), compiled once per schema.
          compileCached(readFileSync(schemaFile, "utf8"))
        : undefined;
      defaultsCache.set(dir, { defaults, ...(schema ? { schema } : {}) });
    }
  }
  return defaultsCache.get(dir);
}

/**
 * YAML parsing of large defaults (kube-prometheus-stack's is 200 KB) is slow; their JSON form loads ten times faster.
 * A cold cache reads them with js-yaml (YAML 1.2 core schema, as the yaml package; several times faster; a test
 * checks both give the same data for every pinned chart).
 */
export function parseChartDefaults(text: string): Record<string, unknown> {
  return (loadYaml(text) ?? {}) as Record<string, unknown>;
}

function parseDefaults(text: string): Record<string, unknown> {
  const dir = cacheDir("chart-defaults");
  const file = dir && path.join(dir, `${cacheKey(text)}.json`);
  const cached = file ? readCacheJson<Record<string, unknown>>(file) : undefined;
  if (cached) return cached;
  const parsed = parseChartDefaults(text);
  if (file) writeCacheFile(file, JSON.stringify(parsed));
  return parsed;
}

/**
 * Values texts found clean in this process, by chart (its pin, the chart cache and the version): clusters share most
 * values files (a layer's values rarely name the cluster), and a repeat against the same chart is clean too.
 */
const cleanBy = new Map<string, Set<string>>();

export function checkValues(kube: readonly KubeDoc[], docs: readonly RenderedDoc[], cacheDir: string): ValuesReport {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const byPath = new Map(docs.map((d) => [d.path, d]));
  for (const app of applications(kube)) {
    for (const source of app.sources) {
      const key = chartKeyOf(source);
      if (!key || !source.chart || !source.targetRevision) continue;
      const chart = loadChart(cacheDir, key, source.targetRevision);
      for (const ref of source.helm?.valueFiles ?? []) {
        const valuesPath = ref.replace(/^\$values\//, "");
        const doc = byPath.get(valuesPath);
        const values = doc?.data;
        if (!isPlainObject(values)) continue;
        if (!chart) {
          notes.push(`${valuesPath}: not checked, ${key} ${source.targetRevision} is not in the chart cache ${cacheDir}`);
          continue;
        }
        const chartId = `${key}\0${cacheDir}\0${source.targetRevision}`;
        let clean = cleanBy.get(chartId);
        if (!clean) cleanBy.set(chartId, (clean = new Set()));
        const text = doc!.text;
        if (text !== undefined && clean.has(text)) continue;
        const before = findings.length + notes.length;
        walk(values, chart.defaults, [], key, valuesPath, findings, notes, cacheDir);
        if (chart.schema && !chart.schema(values)) {
          for (const e of chart.schema.errors ?? []) {
            const extra = e.keyword === "additionalProperties" ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : "";
            findings.push({ path: valuesPath, check: "values", message: `values.schema.json of ${key} ${source.targetRevision}: ${e.instancePath || "/"} ${e.message ?? "invalid"}${extra}` });
          }
        }
        // Only a text that gave neither a finding nor a note: those name this cluster's file and must be said again.
        if (text !== undefined && findings.length + notes.length === before) clean.add(text);
      }
    }
  }
  return { findings, notes };
}

/**
 * A dependency chart's own defaults, where the cache has them (`<cache>/<dependency>/<version>/values.yaml`, one
 * version: the one the parent vendors).
 */
const dependencies = new Map<string, Record<string, unknown> | undefined>();

/** A subchart's defaults (read once per process: every cluster asks again). */
function dependencyDefaults(cacheDir: string, dependency: string): Record<string, unknown> | undefined {
  const dir = path.join(cacheDir, dependency);
  if (!dependencies.has(dir)) dependencies.set(dir, readDependencyDefaults(dir));
  return dependencies.get(dir);
}

function readDependencyDefaults(dir: string): Record<string, unknown> | undefined {
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir).filter((v) => existsSync(path.join(dir, v, "values.yaml")));
  if (versions.length !== 1) return undefined;
  return parseDefaults(readFileSync(path.join(dir, versions[0]!, "values.yaml"), "utf8"));
}

function walk(values: Record<string, unknown>, defaults: Record<string, unknown>, at: string[], key: ChartKey, file: string, findings: Finding[], notes: string[], cacheDir: string): void {
  const pin = CHARTS[key];
  const isFreeForm = (dotted: string) => pin.freeForm?.some((f) => dotted === f || dotted.startsWith(`${f}.`)) ?? false;
  for (const [k, v] of Object.entries(values)) {
    const p = [...at, k];
    const dotted = p.join(".");
    if (isFreeForm(dotted)) continue;
    if (at.length === 0 && pin.dependencies?.includes(k) && isPlainObject(v)) {
      // Keys under a dependency's name: the parent's own section, then the dependency chart's defaults.
      const dep = dependencyDefaults(cacheDir, k);
      const merged = { ...(dep ?? {}), ...(isPlainObject(defaults[k]) ? (defaults[k] as Record<string, unknown>) : {}) };
      if (dep) walkDependency(v, merged, p, key, k, file, findings);
      else walk(v, merged, p, key, file, findings, notes, cacheDir);
      continue;
    }
    if (!(k in defaults)) {
      if (pin.dependencies?.includes(p[0]!)) {
        notes.push(`${file}: ${dotted} belongs to the ${p[0]} subchart, whose defaults are not in the cache: unchecked`);
        continue;
      }
      findings.push({ path: file, check: "values", message: `unknown values key ${dotted} for chart ${key}.${didYouMean(k, Object.keys(defaults))} The chart ignores it silently.` });
      continue;
    }
    const d = defaults[k];
    if (PASSTHROUGH.has(k)) continue;
    // An empty default map (resources: {}, annotations: {}) is free-form; lists and scalars end the walk.
    if (isPlainObject(v) && isPlainObject(d) && Object.keys(d).length > 0) walk(v, d, p, key, file, findings, notes, cacheDir);
  }
}

/** The keys under a dependency, against its chart's defaults: unknown ones are findings like the parent's. */
function walkDependency(values: Record<string, unknown>, defaults: Record<string, unknown>, at: string[], key: ChartKey, dependency: string, file: string, findings: Finding[]): void {
  for (const [k, v] of Object.entries(values)) {
    const p = [...at, k];
    if (!(k in defaults)) {
      findings.push({ path: file, check: "values", message: `unknown values key ${p.join(".")} for the ${dependency} subchart of ${key}.${didYouMean(k, Object.keys(defaults))} The chart ignores it silently.` });
      continue;
    }
    const d = defaults[k];
    if (PASSTHROUGH.has(k)) continue;
    if (isPlainObject(v) && isPlainObject(d) && Object.keys(d).length > 0) walkDependency(v, d, p, key, dependency, file, findings);
  }
}
