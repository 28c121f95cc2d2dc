/**
 * A dedicated YAML emitter for plain JSON data, byte-identical to `yaml.stringify(data, YAML_OPTIONS)` (serialize.ts):
 * YAML 1.1, block collections only, no line folding, no anchors. The yaml package stays the oracle: its 1.1 schema
 * tags decide which plain scalars would read back as something other than a string (and so need quotes), the golden
 * trees and a property test over YAML 1.1 traps compare both byte for byte, and anything outside this emitter's
 * domain (a root scalar, a key longer than 1024 characters, anything below the root that is not plain JSON: undefined,
 * -0, a non-finite number, an object that is not a plain one) returns undefined so the caller uses toPlain and the
 * yaml package instead. So a defined result also says the data below the root is plain JSON already. It exists for
 * speed: building yaml's node tree for 3,800 documents took ~2 s of a 100-cluster generate.
 */
import { Document } from "yaml";

const STEP = "  ";
const STR_TAG = "tag:yaml.org,2002:str";

/** The 1.1 schema's implicit tags other than str: a plain scalar any of them matches reads back as another type. */
const OTHER_TYPES: readonly RegExp[] = (() => {
  const schema = new Document(null, { version: "1.1" }).schema as unknown as { tags: Tag[]; compat?: Tag[] | null };
  return [...schema.tags, ...(schema.compat ?? [])].flatMap((t) => (t.default && t.tag !== STR_TAG && t.test ? [t.test] : []));
})();
interface Tag {
  readonly default?: boolean | "key";
  readonly tag: string;
  readonly test?: RegExp;
}

// The same character classes yaml's string stringifier uses to decide between plain, quoted and block scalars.
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOC_MARKER = /^(%|---|\.\.\.)/m;
const WS_AROUND_NEWLINE = /[ \t]\n|\n[ \t]/;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;
const MIN_MULTILINE_DOUBLE = 40;
const MAX_IMPLICIT_KEY = 1024;
const MERGE_KEY = "<<";

class Unsupported extends Error {}

/** The YAML text of a JSON object or array, or undefined when only the yaml package can say. */
export function emitYaml(data: unknown): string | undefined {
  if (data === null || typeof data !== "object") return undefined;
  try {
    return `${collection(data, "")}\n`;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/** A block collection whose lines sit at `indent` (its items' own content one step deeper). */
function collection(data: object, indent: string): string {
  if (Array.isArray(data)) {
    if (data.length === 0) return "[]";
    const itemIndent = indent + STEP;
    let out = "";
    for (let i = 0; i < data.length; i++) out += `${i ? `\n${indent}` : ""}- ${value(data[i], itemIndent)}`;
    return out;
  }
  // Below the root only plain objects: anything else (a model, a Date, a null prototype) is toPlain's to convert.
  if (indent !== "" && Object.getPrototypeOf(data) !== Object.prototype) throw new Unsupported();
  const keys = Object.keys(data);
  if (keys.length === 0) return "{}";
  const pairIndent = indent + STEP;
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const k = scalarString(key, pairIndent, true);
    if (k.length > MAX_IMPLICIT_KEY) throw new Unsupported();
    const v = (data as Record<string, unknown>)[key];
    let line: string;
    if (v !== null && typeof v === "object") {
      const nested = collection(v, pairIndent);
      // Only an empty collection is written as "{}" or "[]" (a key or item would come first otherwise).
      line = nested === "{}" || nested === "[]" ? `${k}: ${nested}` : `${k}:\n${pairIndent}${nested}`;
    } else line = `${k}: ${value(v, pairIndent)}`;
    out += out ? `\n${indent}${line}` : line;
  }
  return out;
}

/** A node in value position (a map value or a sequence item) whose continuation lines sit at `indent`. */
function value(v: unknown, indent: string): string {
  switch (typeof v) {
    case "string":
      return scalarString(v, indent, false);
    case "number":
      // -0 too: JSON has no negative zero (toPlain makes it 0), so data holding one is not plain JSON.
      if (!Number.isFinite(v) || Object.is(v, -0)) throw new Unsupported();
      return JSON.stringify(v);
    case "boolean":
      return v ? "true" : "false";
    case "object":
      return v === null ? "null" : collection(v, indent);
    default:
      // undefined in an array, functions, bigints, symbols: not JSON.
      throw new Unsupported();
  }
}

/**
 * A single-line string's rendering depends only on the string and its position (key or value), except for document
 * markers at the top level: remember it (keys and values repeat across thousands of documents).
 */
const singleLine: [Map<string, string>, Map<string, string>] = [new Map(), new Map()];
const SINGLE_LINE_MEMO_LIMIT = 200_000;

function scalarString(s: string, indent: string, implicitKey: boolean): string {
  const memo = singleLine[implicitKey ? 1 : 0];
  // Only single-line strings without a document marker are ever remembered: a hit needs no other test.
  let out = memo.get(s);
  if (out !== undefined) return out;
  out = render(s, indent, implicitKey);
  if (!s.includes("\n") && !DOC_MARKER.test(s) && memo.size < SINGLE_LINE_MEMO_LIMIT) memo.set(s, out);
  return out;
}

function render(s: string, indent: string, implicitKey: boolean): string {
  // yaml's 1.1 merge tag claims the string "<<" and writes it bare, as a key and as a value.
  if (s === MERGE_KEY) return s;
  if (FORCE_DOUBLE.test(s)) return doubleQuoted(s, indent, implicitKey);
  const multiline = s.includes("\n");
  if (implicitKey && multiline) return quoted(s, indent, implicitKey);
  if (NOT_PLAIN.test(s)) return implicitKey || !multiline ? quoted(s, indent, implicitKey) : block(s, indent, implicitKey);
  if (!implicitKey && multiline) return block(s, indent, implicitKey);
  // A document marker at the start of a top-level key would end the document; deeper it is harmless. (Indent "" is
  // a root scalar, which emitYaml leaves to the yaml package.)
  if (implicitKey && indent === STEP && DOC_MARKER.test(s)) return quoted(s, indent, implicitKey);
  for (const test of OTHER_TYPES) if (test.test(s)) return quoted(s, indent, implicitKey);
  return s;
}

/** Single quotes when the text has a double quote and no single one; double quotes otherwise. */
function quoted(s: string, indent: string, implicitKey: boolean): string {
  return s.includes('"') && !s.includes("'") ? singleQuoted(s, indent, implicitKey) : doubleQuoted(s, indent, implicitKey);
}

function singleQuoted(s: string, indent: string, implicitKey: boolean): string {
  if ((implicitKey && s.includes("\n")) || WS_AROUND_NEWLINE.test(s)) return doubleQuoted(s, indent, implicitKey);
  const ind = indent || (DOC_MARKER.test(s) ? STEP : "");
  return `'${s.replace(/'/g, "''").replace(/\n+/g, `$&\n${ind}`)}'`;
}

/** JSON's escapes with YAML's short forms; outside keys, a long text's newlines become line breaks. */
function doubleQuoted(s: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(s);
  const ind = indent || (DOC_MARKER.test(s) ? STEP : "");
  let out = "";
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
      // A space before a line break would be folded away: escape it.
      out += `${json.slice(start, i)}\\ `;
      i += 1;
      start = i;
      ch = "\\";
    }
    if (ch !== "\\") continue;
    const next = json[i + 1];
    if (next === "u") {
      out += json.slice(start, i);
      const code = json.substr(i + 2, 4);
      out += SHORT_ESCAPES[code] ?? (code.startsWith("00") ? `\\x${code.slice(2)}` : json.substr(i, 6));
      i += 5;
      start = i + 1;
    } else if (next === "n") {
      if (implicitKey || json[i + 2] === '"' || json.length < MIN_MULTILINE_DOUBLE) {
        i += 1;
        continue;
      }
      // The first line break of a run is folded into a space when read back: write one more.
      out += `${json.slice(start, i)}\n\n`;
      while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
        out += "\n";
        i += 2;
      }
      out += ind;
      // A leading space on the continuation line would be folded: escape it.
      if (json[i + 2] === " ") out += "\\";
      i += 1;
      start = i + 1;
    } else i += 1;
  }
  return start ? out + json.slice(start) : json;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  "0000": "\\0",
  "0007": "\\a",
  "000b": "\\v",
  "001b": "\\e",
  "0085": "\\N",
  "00a0": "\\_",
  "2028": "\\L",
  "2029": "\\P",
};

/**
 * `/\n[\t ]+$/.test(s)`, read from the end: the regular expression tries every line break of the text (a dashboard's
 * JSON has hundreds), this only its last characters.
 */
function endsInBlankLine(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && (s[i] === " " || s[i] === "\t")) i--;
  return i < s.length - 1 && i >= 0 && s[i] === "\n";
}

/** A literal block scalar (`|`), with the chomping and indentation indicators its ends need. */
function block(s: string, indent: string, implicitKey: boolean): string {
  // A block cannot end in a whitespace-only line: quote.
  if (endsInBlankLine(s)) return quoted(s, indent, implicitKey);
  const ind = indent || (DOC_MARKER.test(s) ? STEP : "");
  let endStart = s.length;
  while (endStart > 0 && (s[endStart - 1] === "\n" || s[endStart - 1] === "\t" || s[endStart - 1] === " ")) endStart--;
  let end = s.substring(endStart);
  const endNl = end.indexOf("\n");
  const chomp = endNl === -1 ? "-" : s === end || endNl !== end.length - 1 ? "+" : "";
  let body = s;
  if (end) {
    body = body.slice(0, -end.length);
    if (end.endsWith("\n")) end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${ind}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNl = -1;
  for (; startEnd < body.length; startEnd++) {
    const ch = body[startEnd];
    if (ch === " ") startWithSpace = true;
    else if (ch === "\n") startNl = startEnd;
    else break;
  }
  let head = body.substring(0, startNl + 1);
  if (head) {
    body = body.substring(head.length);
    head = head.replace(/\n+/g, `$&${ind}`);
  }
  const header = (startWithSpace ? (ind ? "2" : "1") : "") + chomp;
  return `|${header}\n${ind}${head}${body.replace(/\n+/g, `$&${ind}`)}${end}`;
}
