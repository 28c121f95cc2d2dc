/**
 * Validation layer 3: strict JSON schemas in kubeconform layout (`--schema-location DIR`), compiled once per file.
 * Lookup order as kubeconform with three templates: kubernetes/, then crds-pinned/ (release-matched), then crds/.
 */
import { Ajv, type ValidateFunction } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { evaluateCached } from "../cache/code-cache.js";
import { cacheDir, cacheKey, readCacheFile, writeCacheFile } from "../cache/disk-cache.js";
import { deriveDaemonSetSchema, deriveStatefulSetSchema } from "./derived-schemas.js";
import { groupOf, versionOf } from "./kube-docs.js";

const NOOP_FORMATS = ["int32", "int64", "byte", "double", "float", "binary", "date-time", "date", "uri", "email", "hostname", "ipv4", "ipv6", "uuid", "password", "quantity", "duration", "int-or-string"];

/** RE2's inline `(?i)` is not JavaScript: turn it into the `i` flag (PrometheusRule's `^(?i)(abort|warn)?$`). */
export function re2(pattern: string, flags?: string): RegExp {
  const base = flags ?? "u";
  if (pattern.includes("(?i)")) return new RegExp(pattern.replace("(?i)", ""), base.includes("i") ? base : `${base}i`);
  return new RegExp(pattern, base);
}
/** Standalone validators get it from loadStandalone's `require`. */
re2.code = 'require("./re2.cjs")';
/** Part of the cache key: a change to re2 must not reuse code compiled against the old one. */
const RE2_RUNTIME = re2.toString();

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction | null>();

function getAjv(): Ajv {
  if (!ajv) {
    // optimize: false: ajv's code optimisation pass was half of compiling the large CRD schemas on a cold cache; the
    // validators judge the same without it (a test compares cached and fresh ones).
    ajv = new Ajv({ strict: false, allErrors: true, logger: false, code: { source: true, regExp: re2 as never, optimize: false } });
    for (const f of NOOP_FORMATS) ajv.addFormat(f, true);
  }
  return ajv;
}

/** Candidate schema files for an object, in lookup order. */
export function schemaCandidates(dir: string, apiVersion: string, kind: string): string[] {
  const group = groupOf(apiVersion);
  const version = versionOf(apiVersion);
  const k = kind.toLowerCase();
  const suffix = group ? `-${group.split(".")[0]}-${version}` : `-${version}`;
  return [
    path.join(dir, "kubernetes", `${k}${suffix}.json`),
    ...(group ? [path.join(dir, "crds-pinned", group, `${k}_${version}.json`), path.join(dir, "crds", group, `${k}_${version}.json`)] : []),
  ];
}

export function schemaValidator(dir: string, apiVersion: string, kind: string): { file: string; validate: ValidateFunction } | undefined {
  for (const file of schemaCandidates(dir, apiVersion, kind)) {
    if (!compiled.has(file)) {
      if (!existsSync(file)) {
        compiled.set(file, null);
        continue;
      }
      compiled.set(file, compileCached(readFileSync(file, "utf8")));
    }
    const fn = compiled.get(file);
    if (fn) return { file, validate: fn };
  }
  return derivedValidator(dir, apiVersion, kind);
}

/** StatefulSet and DaemonSet: derived from the catalog's Deployment (and PersistentVolumeClaim) schemas (derived-schemas.ts). */
function derivedValidator(dir: string, apiVersion: string, kind: string): { file: string; validate: ValidateFunction } | undefined {
  if (apiVersion !== "apps/v1" || (kind !== "StatefulSet" && kind !== "DaemonSet")) return undefined;
  const deployment = path.join(dir, "kubernetes", "deployment-apps-v1.json");
  const pvc = path.join(dir, "kubernetes", "persistentvolumeclaim-v1.json");
  const key = `${kind}:${deployment}+${pvc}`;
  if (!compiled.has(key)) {
    const ok = existsSync(deployment) && existsSync(pvc);
    const read = (f: string) => JSON.parse(readFileSync(f, "utf8"));
    compiled.set(key, ok ? compileCached(JSON.stringify(kind === "StatefulSet" ? deriveStatefulSetSchema(read(deployment), read(pvc)) : deriveDaemonSetSchema(read(deployment)))) : null);
  }
  const fn = compiled.get(key);
  return fn ? { file: `${deployment} (${kind}, derived)`, validate: fn } : undefined;
}

/**
 * Compiling the large CRD schemas is most of a small run's time: keep each compiled validator as ajv standalone code,
 * keyed by the schema's bytes and the ajv version, and load it next time instead of compiling.
 */
export function compileCached(text: string): ValidateFunction {
  const dir = cacheDir("ajv");
  const key = cacheKey(text, AJV_VERSION, RE2_RUNTIME, AJV_OPTIONS);
  const file = dir && path.join(dir, `${key}.cjs`);
  const cached = file && readCacheFile(file);
  if (cached) {
    try {
      return loadStandalone(cached, `${file}.${process.version}.v8`);
    } catch {
      // A damaged entry: compile again below and overwrite it.
    }
  }
  const schema = JSON.parse(text) as Record<string, unknown>;
  delete schema["$schema"];
  delete schema["$id"];
  const validate = getAjv().compile(schema);
  if (file) writeCacheFile(file, standalone.default(getAjv(), validate));
  return validate;
}

/**
 * Evaluate standalone code with our own `require`, so ajv's runtime helpers resolve from this package wherever the
 * cache lives, and the RE2 helper is ours. Compiled through V8's code cache (`codeCache`, next to the code, keyed by
 * it and Node's version): the first run that loads an entry writes its cache at exit, holding every function the run
 * compiled, and later runs deserialise instead of parsing and compiling the validator again.
 */
function loadStandalone(code: string, codeCache: string): ValidateFunction {
  const module = { exports: {} as unknown };
  const localRequire = (id: string) => (id === "./re2.cjs" ? re2 : packageRequire(id));
  const wrapper = evaluateCached(`(function (require, module, exports) {${code}\n})`, codeCache, codeCache) as (...a: unknown[]) => void;
  wrapper(localRequire, module, module.exports);
  return module.exports as ValidateFunction;
}

const packageRequire = createRequire(import.meta.url);
/** Part of the cache key: code compiled under other options is not reused. */
const AJV_OPTIONS = "strict:false,allErrors:true,optimize:false";
const AJV_VERSION: string = (packageRequire("ajv/package.json") as { version: string }).version;
