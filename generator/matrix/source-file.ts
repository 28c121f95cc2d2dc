/**
 * One parsed matrix file that remembers where every node came from, so that any later check can say
 * `clusters/dev.yaml:12:5: ...`.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from "yaml";
import { cacheDir, cacheKey, readCacheJson, writeCacheFile } from "../cache/disk-cache.js";
import type { InputProblem } from "../errors.js";

export type DataPath = readonly (string | number)[];

/** `models[0].scaling.mode`: a data path as users write it. */
export const dottedPath = (path: DataPath): string =>
  path.reduce<string>((acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");

interface Parsed {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

const parseText = (text: string): Parsed => {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: "1.2" }), lines };
};

/** What a clean parse of a text gave, kept in the disk cache: positions are only needed for a problem. */
interface CachedParse {
  readonly value: unknown;
  readonly isEmpty: boolean;
  readonly isMapping: boolean;
}

export class SourceFile {
  private value: unknown;
  private parsedText: Parsed | undefined;
  private cachedShape: { isEmpty: boolean; isMapping: boolean } | undefined;

  private constructor(
    readonly displayPath: string,
    private readonly text: string,
    parsed: Parsed | undefined,
  ) {
    this.parsedText = parsed;
  }

  /** The syntax tree with positions (parsed on first use when the data came from the cache). */
  private get parsed(): Parsed {
    this.parsedText ??= parseText(this.text);
    return this.parsedText;
  }

  private get doc(): Document.Parsed {
    return this.parsed.doc;
  }

  private get lines(): LineCounter {
    return this.parsed.lines;
  }

  /**
   * Parses YAML text; syntax errors come back as problems, never thrown. A text that parsed cleanly before (by
   * content hash and yaml version, in the disk cache) is not parsed again unless a problem needs its positions.
   */
  static parse(displayPath: string, text: string): { file: SourceFile; problems: InputProblem[] } {
    const cacheFile = parseCacheFile(text);
    const cached = cacheFile ? readCacheJson<CachedParse>(cacheFile) : undefined;
    if (cached) {
      const file = new SourceFile(displayPath, text, undefined);
      file.value = cached.value;
      file.cachedShape = { isEmpty: cached.isEmpty, isMapping: cached.isMapping };
      return { file, problems: [] };
    }
    const file = new SourceFile(displayPath, text, parseText(text));
    const doc = file.doc;
    const problems: InputProblem[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      return { file: displayPath, line: pos.line, col: pos.col, message: `YAML syntax error: ${firstLine(e.message)}` };
    });
    if (problems.length === 0) {
      try {
        // Resolved once here: an alias bomb ("billion laughs") is refused at its first alias, not thrown later.
        file.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        let at: Node | undefined;
        visit(doc, { Alias: (_key, node) => ((at = node), visit.BREAK) });
        const { line, col } = file.positionOf(at);
        problems.push({ file: displayPath, line, col, message: `YAML aliases expand too far (${firstLine((e as Error).message)}): a matrix file needs no more than ${MAX_ALIAS_COUNT} alias expansions; write the values out` });
      }
    }
    // Only data that JSON carries unchanged is cached (a `.inf` or a -0 is parsed again each time).
    if (problems.length === 0 && cacheFile && isDeepStrictEqual(JSON.parse(JSON.stringify(file.value ?? null)), file.value ?? null)) {
      writeCacheFile(cacheFile, JSON.stringify({ value: file.value ?? null, isEmpty: file.isEmpty, isMapping: file.isMapping } satisfies CachedParse));
    }
    return { file, problems };
  }

  get isEmpty(): boolean {
    if (this.cachedShape) return this.cachedShape.isEmpty;
    return this.doc.contents === null || (isScalar(this.doc.contents) && this.doc.contents.value === null);
  }

  get isMapping(): boolean {
    if (this.cachedShape) return this.cachedShape.isMapping;
    return isMap(this.doc.contents);
  }

  /** The file's data (only for a file parsed without problems). */
  toJS(): unknown {
    return this.value;
  }

  /** The node at a data path, if the file has it. */
  nodeAt(path: DataPath): Node | undefined {
    if (path.length === 0) return this.doc.contents ?? undefined;
    const node = this.doc.getIn(path as (string | number)[], true);
    return node && typeof node === "object" && "range" in node ? (node as Node) : undefined;
  }

  /** The key node of `path`'s last segment inside its parent map (for "unknown key" messages). */
  keyNodeAt(path: DataPath): Node | undefined {
    const parent = this.nodeAt(path.slice(0, -1));
    const key = path[path.length - 1];
    if (!isMap(parent)) return undefined;
    for (const item of parent.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(key)) return item.key;
    }
    return undefined;
  }

  has(path: DataPath): boolean {
    return this.nodeAt(path) !== undefined || (path.length > 0 && this.keyNodeAt(path) !== undefined);
  }

  /** Position of a node (its first character). */
  positionOf(node: Node | undefined): { line: number; col: number } {
    const offset = node?.range?.[0] ?? 0;
    return this.lines.linePos(offset);
  }

  /** Position of the value at `path`, or of the nearest ancestor the file has. */
  locate(path: DataPath, preferKey = false): { line: number; col: number } {
    if (path.length === 0) return { line: 1, col: 1 };
    for (let n = path.length; n >= 1; n--) {
      const p = path.slice(0, n);
      const node = preferKey && n === path.length ? this.keyNodeAt(p) ?? this.nodeAt(p) : this.nodeAt(p);
      if (node) return this.positionOf(isSeq(node) || isMap(node) ? firstChild(node) ?? node : node);
    }
    return { line: 1, col: 1 };
  }

  problem(path: DataPath, message: string, preferKey = false): InputProblem {
    const { line, col } = this.locate(path, preferKey);
    return { file: this.displayPath, line, col, message };
  }
}

function firstChild(node: Node): Node | undefined {
  if (isMap(node)) {
    const first = node.items[0];
    return first && isPair(first) ? ((first.key as Node | null) ?? undefined) : undefined;
  }
  if (isSeq(node)) return (node.items[0] as Node | undefined) ?? undefined;
  return undefined;
}

const MAX_ALIAS_COUNT = 100;
const YAML_VERSION: string = (createRequire(import.meta.url)("yaml/package.json") as { version: string }).version;

function parseCacheFile(text: string): string | undefined {
  const dir = cacheDir("matrix-parse");
  return dir && path.join(dir, `${cacheKey("source-file-1", YAML_VERSION, String(MAX_ALIAS_COUNT), text)}.json`);
}

const firstLine = (s: string) => s.split("\n")[0]!.trim();
