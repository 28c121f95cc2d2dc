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
 * Plain data, exactly as JSON.parse(JSON.stringify(value)) gives it (toJSON honoured, undefined and functions dropped,
 * non-finite numbers as null), without the text round trip. A kubernetes-models object's toJSON only copies its
 * defined fields, which this walk does anyway: it is not called (that copy was most of the cost).
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
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) out[i] = jsonValue(value[i], String(i)) ?? null;
        return out;
      }
      // Boxed primitives have their own prototypes: a plain object (most of the data) skips the three tests.
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null && (value instanceof Number || value instanceof String || value instanceof Boolean)) return jsonValue(value.valueOf(), key);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        const v = jsonValue((value as Record<string, unknown>)[k], k);
        // An own "__proto__" key (JSON.parse makes one) must not become the prototype.
        if (v === undefined) continue;
        if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        else out[k] = v;
      }
      return out;
    }
    case "bigint":
      throw new TypeError("toPlain: a BigInt has no JSON form");
    default:
      return undefined;
  }
}

/** YAML text of plain data, as the yaml package writes it with YAML_OPTIONS. */
const yamlOfPlain = (plain: unknown): string => emitYaml(plain) ?? stringify(plain, YAML_OPTIONS);

export function yamlFile(path: string, source: string, data: unknown): { file: OutputFile; doc: RenderedDoc } {
  const plain = toPlain(data);
  const content = `# ${markerText(source)}\n${yamlOfPlain(plain)}`;
  return { file: { path, content }, doc: { path, data: plain } };
}

export function jsonFile(path: string, source: string, data: Record<string, unknown>): { file: OutputFile; doc: RenderedDoc } {
  const plain = { [JSON_MARKER_KEY]: markerText(source), ...(toPlain(data) as Record<string, unknown>) };
  return { file: { path, content: `${JSON.stringify(plain, null, 2)}\n` }, doc: { path, data: plain } };
}

export const yamlText = (data: unknown): string => yamlOfPlain(toPlain(data));
