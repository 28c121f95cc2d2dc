/**
 * Validation layer 3: strict JSON schemas in kubeconform layout (`--schema-location DIR`), compiled once per file.
 * Lookup order as kubeconform with three templates: kubernetes/, then crds-pinned/ (release-matched), then crds/.
 */
import { Ajv, type ValidateFunction } from "ajv";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { groupOf, versionOf } from "./kube-docs.js";

const NOOP_FORMATS = ["int32", "int64", "byte", "double", "float", "binary", "date-time", "date", "uri", "email", "hostname", "ipv4", "ipv6", "uuid", "password", "quantity", "duration", "int-or-string"];

/** RE2's inline `(?i)` is not JavaScript: turn it into the `i` flag (PrometheusRule's `^(?i)(abort|warn)?$`). */
function re2(pattern: string, flags?: string): RegExp {
  const base = flags ?? "u";
  if (pattern.includes("(?i)")) return new RegExp(pattern.replace("(?i)", ""), base.includes("i") ? base : `${base}i`);
  return new RegExp(pattern, base);
}
re2.code = 'new RegExp';

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction | null>();

function getAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, logger: false, code: { regExp: re2 as never, optimize: false } });
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
      const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      delete schema["$schema"];
      delete schema["$id"];
      compiled.set(file, getAjv().compile(schema));
    }
    const fn = compiled.get(file);
    if (fn) return { file, validate: fn };
  }
  return undefined;
}
