/**
 * Deterministic serialisation. YAML 1.1 so that Go readers (Helm, Argo CD) see `on`/`yes`/`no` as the strings they are;
 * no line folding (lineWidth 0); key order = construction order, which render keeps fixed. The text comes from
 * yaml-emit.ts, which is byte-identical to the yaml package with these options and falls back to it outside its domain.
 */
import { Model } from "@kubernetes-models/base";
import { stringify } from "yaml";
import { JSON_MARKER_KEY, markerText } from "./marker.js";
import type { OutputFile, RenderedDoc } from "./output-file.js";
import { emitYaml } from "./yaml-emit.js";

export const YAML_OPTIONS = { version: "1.1", lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false } as const;

const MODEL_TO_JSON = Model.prototype.toJSON;

/**
 * Plain data, equal to JSON.parse(JSON.stringify(value)) (toJSON honoured, undefined and functions dropped, non-finite
 * numbers as null), without the text round trip. A kubernetes-models object's toJSON only copies its defined fields,
 * which this walk does anyway: it is not called (that copy was most of the cost). Parts that are plain JSON already
 * (plain objects and arrays of JSON values, which is what a model holds below its root) are returned as they are,
 * not copied: the result shares them with `value`, so neither may be changed afterwards.
 */
export function toPlain(value: unknown): unknown {
  const plain = jsonValue(value, "");
  if (plain === undefined) throw new TypeError("toPlain: the value has no JSON form");
  return plain;
}

function jsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function" && (value as { toJSON: unknown }).toJSON !== MODEL_TO_JSON) {
    value = (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case "object":
      if (value === null) return null;
      if (Array.isArray(value)) return jsonArray(value);
      return jsonObject(value as Record<string, unknown>, key);
    case "bigint":
      throw new TypeError("toPlain: a BigInt has no JSON form");
    default:
      return undefined;
  }
}

/** The array itself when every item is already its own JSON value; a copy from the first item that is not. */
function jsonArray(value: readonly unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const plain = jsonValue(item, String(i)) ?? null;
    if (out) out[i] = plain;
    else if (!Object.is(plain, item)) {
      out = value.slice(0, i);
      out[i] = plain;
    }
  }
  return out ?? (value as unknown[]);
}

/** Likewise for an object; one with another prototype (a model, a null prototype) is always copied. */
function jsonObject(value: Record<string, unknown>, key: string): unknown {
  const proto: unknown = Object.getPrototypeOf(value);
  // Boxed primitives have their own prototypes: a plain object (most of the data) skips the three tests.
  if (proto !== Object.prototype && proto !== null && (value instanceof Number || value instanceof String || value instanceof Boolean)) return jsonValue(value.valueOf(), key);
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined = proto === Object.prototype ? undefined : {};
  let copied = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = value[k];
    const plain = jsonValue(v, k);
    if (!out) {
      if (plain !== undefined && Object.is(plain, v)) continue;
      out = {};
    }
    // Keys before this one were unchanged: copy them first.
    for (; copied < i; copied++) put(out, keys[copied]!, value[keys[copied]!]);
    copied = i + 1;
    if (plain !== undefined) put(out, k, plain);
  }
  return out ?? value;
}

/** An own "__proto__" key (JSON.parse makes one) must not become the prototype. */
function put(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

/** YAML text of plain data, as the yaml package writes it with YAML_OPTIONS. */
const yamlOfPlain = (plain: unknown): string => emitYaml(plain) ?? stringify(plain, YAML_OPTIONS);

export function yamlFile(path: string, source: string, data: unknown): { file: OutputFile; doc: RenderedDoc } {
  const direct = emitDirect(data);
  const plain = direct ? direct.plain : toPlain(data);
  const content = `# ${markerText(source)}\n${direct ? direct.text : yamlOfPlain(plain)}`;
  return { file: { path, content }, doc: { path, data: plain } };
}

/**
 * Most objects (a model or a plain object whose fields are all JSON) need no conversion below their root: emit them
 * as they are, in one walk instead of toPlain's and the emitter's, and copy only a model's root (toPlain's result,
 * which shares everything below it). The emitter refuses anything toPlain would change below the root; the root
 * itself must be a plain object, an array or a model whose toJSON is the base class's (toPlain skips that one).
 */
function emitDirect(data: unknown): { text: string; plain: unknown } | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const toJSON = (data as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function" && toJSON !== MODEL_TO_JSON) return undefined;
  const model = data instanceof Model;
  if (!model && !Array.isArray(data) && Object.getPrototypeOf(data) !== Object.prototype) return undefined;
  const text = emitYaml(data);
  if (text === undefined) return undefined;
  if (!model) return { text, plain: data };
  const root: Record<string, unknown> = {};
  for (const k of Object.keys(data)) put(root, k, (data as unknown as Record<string, unknown>)[k]);
  return { text, plain: root };
}

export function jsonFile(path: string, source: string, data: Record<string, unknown>): { file: OutputFile; doc: RenderedDoc } {
  const plain = { [JSON_MARKER_KEY]: markerText(source), ...(toPlain(data) as Record<string, unknown>) };
  return { file: { path, content: `${JSON.stringify(plain, null, 2)}\n` }, doc: { path, data: plain } };
}
