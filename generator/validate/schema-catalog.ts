/**
 * Validation layer 3: strict JSON schemas in kubeconform layout (`--schema-location DIR`), compiled once per file.
 * Lookup order as kubeconform with three templates: kubernetes/, then crds-pinned/ (release-matched), then crds/.
 */
import type { ValidateFunction } from "ajv";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { evaluateCached } from "../cache/code-cache.js";
import { cacheDir, cacheKey, readCacheFile, writeCacheFile } from "../cache/disk-cache.js";
import { deriveDaemonSetSchema, deriveStatefulSetSchema } from "./derived-schemas.js";
import { groupOf, versionOf } from "./kube-docs.js";
import { AJV_OPTIONS, RE2_RUNTIME, compileSchema, re2 } from "./schema-compile.js";

/** A kind's schema: the file it comes from (or how it was derived) and its JSON text. */
export interface SchemaSource {
  readonly file: string;
  readonly text: string;
}
const sources = new Map<string, SchemaSource | null>();
/** By SchemaSource.file. */
const validators = new Map<string, ValidateFunction>();

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

/** The schema an object is validated against, read once per catalog and kind. */
export function schemaSource(dir: string, apiVersion: string, kind: string): SchemaSource | undefined {
  const key = `${dir}\0${apiVersion}\0${kind}`;
  let found = sources.get(key);
  if (found === undefined) {
    const file = schemaCandidates(dir, apiVersion, kind).find((f) => existsSync(f));
    found = file ? { file, text: readFileSync(file, "utf8") } : (derivedSource(dir, apiVersion, kind) ?? null);
    sources.set(key, found);
  }
  return found ?? undefined;
}

/** StatefulSet and DaemonSet: derived from the catalog's Deployment (and PersistentVolumeClaim) schemas (derived-schemas.ts). */
function derivedSource(dir: string, apiVersion: string, kind: string): SchemaSource | undefined {
  if (apiVersion !== "apps/v1" || (kind !== "StatefulSet" && kind !== "DaemonSet")) return undefined;
  const deployment = path.join(dir, "kubernetes", "deployment-apps-v1.json");
  const pvc = path.join(dir, "kubernetes", "persistentvolumeclaim-v1.json");
  if (!existsSync(deployment) || !existsSync(pvc)) return undefined;
  const read = (f: string) => JSON.parse(readFileSync(f, "utf8"));
  const schema = kind === "StatefulSet" ? deriveStatefulSetSchema(read(deployment), read(pvc)) : deriveDaemonSetSchema(read(deployment));
  return { file: `${deployment} (${kind}, derived)`, text: JSON.stringify(schema) };
}

export function schemaValidator(dir: string, apiVersion: string, kind: string): { file: string; validate: ValidateFunction } | undefined {
  const source = schemaSource(dir, apiVersion, kind);
  if (!source) return undefined;
  let validate = validators.get(source.file);
  if (!validate) {
    validate = compileCached(source.text);
    validators.set(source.file, validate);
  }
  return { file: source.file, validate };
}

/**
 * Compiling the large CRD schemas is most of a small run's time: keep each compiled validator as ajv standalone code,
 * keyed by the schema's bytes and the ajv version, and load it next time instead of compiling.
 */
export function compileCached(text: string): ValidateFunction {
  const file = cacheFile(text);
  const cached = file && readCacheFile(file);
  if (cached) {
    try {
      return loadStandalone(cached, `${file}.${process.version}.v8`);
    } catch {
      // A damaged entry: compile again below and overwrite it.
    }
  }
  const { validate, code } = compileSchema(text);
  if (file) writeCacheFile(file, code);
  return validate;
}

const cacheFile = (text: string): string | undefined => {
  const dir = cacheDir("ajv");
  return dir && path.join(dir, `${cacheKey(text, AJV_VERSION, RE2_RUNTIME, AJV_OPTIONS)}.cjs`);
};
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
const AJV_VERSION: string = (packageRequire("ajv/package.json") as { version: string }).version;
