/**
 * Compiling one strict JSON schema into an ajv validator: one ajv configuration, so a validator compiled here and one
 * loaded from its cached standalone code judge the same.
 */
import { Ajv, type ValidateFunction } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { shareSubschemas } from "./shared-subschemas.js";

/** Formats kubeconform does not check either: accepted as they are. */
export const NOOP_FORMATS = ["int32", "int64", "byte", "double", "float", "binary", "date-time", "date", "uri", "email", "hostname", "ipv4", "ipv6", "uuid", "password", "quantity", "duration", "int-or-string"];

/** RE2's inline `(?i)` is not JavaScript: turn it into the `i` flag (PrometheusRule's `^(?i)(abort|warn)?$`). */
export function re2(pattern: string, flags?: string): RegExp {
  const base = flags ?? "u";
  if (pattern.includes("(?i)")) return new RegExp(pattern.replace("(?i)", ""), base.includes("i") ? base : `${base}i`);
  return new RegExp(pattern, base);
}
/** Standalone validators get it from loadStandalone's `require`. */
re2.code = 'require("./re2.cjs")';
/** Part of the cache key: a change to re2 must not reuse code compiled against the old one. */
export const RE2_RUNTIME = re2.toString();
/** Part of the cache key: code compiled under other options, or from schemas rewritten otherwise, is not reused. */
export const AJV_OPTIONS = "strict:false,allErrors:true,optimize:false,inlineRefs:false,validateSchema:false,shared-subschemas:2";

let ajv: Ajv | undefined;

function getAjv(): Ajv {
  if (!ajv) {
    // optimize: false: ajv's code optimisation pass was half of compiling the large CRD schemas on a cold cache; the
    // validators judge the same without it (a test compares cached and fresh ones). inlineRefs: false: a shared
    // subschema (shared-subschemas.ts) is compiled once and called, not inlined at every reference again.
    // validateSchema: false: the schemas are pinned data (the catalog, the charts' own), not input; checking each
    // against the JSON Schema meta-schema was ~55 ms of a cold run (CPU profile), and ajv still rejects what it cannot compile.
    ajv = new Ajv({ strict: false, allErrors: true, logger: false, inlineRefs: false, validateSchema: false, code: { source: true, regExp: re2 as never, optimize: false } });
    for (const f of NOOP_FORMATS) ajv.addFormat(f, true);
  }
  return ajv;
}

/** The validator of a schema (JSON text) and its ajv standalone code, to cache. */
export function compileSchema(text: string): { validate: ValidateFunction; code: string } {
  const validate = getAjv().compile(shareSubschemas(text).schema);
  return { validate, code: standalone.default(getAjv(), validate) };
}
