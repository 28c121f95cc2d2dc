/**
 * Turns ajv errors into located, human messages: what is wrong and what is allowed.
 */
import type { ErrorObject } from "ajv";
import { didYouMean } from "./suggest.js";
import { dottedPath, type DataPath } from "./source-file.js";

export interface LocatedMessage {
  readonly path: DataPath;
  readonly message: string;
  /** Point at the key rather than the value (unknown keys). */
  readonly atKey: boolean;
  /** A missing key: report it in the cluster's own file. */
  readonly missing?: boolean;
}

export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const dotted = (path: DataPath): string => dottedPath(path) || "(top level)";

const describe = (value: unknown): string => {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `'${value}'`;
  return String(value);
};

const list = (values: readonly unknown[]): string => values.map(String).join(", ");

export function explain(error: ErrorObject): LocatedMessage {
  const path = pointerToPath(error.instancePath);
  const where = dotted(path);
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((parent?.["properties"] as object | undefined) ?? {});
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key '${key}' ${path.length ? `in ${where}` : "at the top level"}.${didYouMean(key, allowed)} Allowed keys: ${list(allowed)}`,
      };
    }
    case "required": {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      return { path, atKey: false, missing: true, message: `${where}: missing required key '${key}' (set it here or in defaults.yaml)` };
    }
    case "type":
      return { path, atKey: false, message: `${where} must be ${article(String((error.params as { type: string }).type))}, got ${describe(error.data)}` };
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const got = String(error.data);
      const what = typeof parent?.["description"] === "string" ? ` (${parent["description"]})` : "";
      return {
        path,
        atKey: false,
        message: `${where}: unknown value ${describe(error.data)}${what}.${didYouMean(got, allowed.map(String))} Allowed: ${list(allowed)}`,
      };
    }
    case "pattern": {
      const hint = typeof parent?.["x-hint"] === "string" ? parent["x-hint"] : `a string matching ${String((error.params as { pattern: string }).pattern)}`;
      return { path, atKey: false, message: `${where}: ${describe(error.data)} is not ${hint}` };
    }
    case "format":
      return { path, atKey: false, message: `${where}: ${describe(error.data)} is not a valid ${String((error.params as { format: string }).format)}` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
      return { path, atKey: false, message: `${where} ${error.message ?? "is out of range"}, got ${describe(error.data)}` };
    case "uniqueItems":
      return { path, atKey: false, message: `${where} must not repeat items (${error.message ?? ""})` };
    default:
      return { path, atKey: false, message: `${where} ${error.message ?? "is invalid"}` };
  }
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
