/**
 * The per-cluster run memo: what a clean generate recorded about each cluster, so the next run renders only the
 * clusters whose inputs changed. A cluster's key hashes what its output depends on and nothing else: the generator
 * build, Node (its time-zone data validates the matrix), defaults.yaml, the schema catalog and chart cache given
 * (fingerprinted by path, size and modification time: they are read-only data, and a touch only costs a re-render),
 * and the bytes of that cluster's own file. A cluster is reused only when its key matches and every file it produced
 * is on disk with the recorded bytes (checked by size and modification time, and by content hash when those differ).
 * A reused cluster's summary, notes and holiday horizons come from the record; horizon warnings are recomputed for
 * today. CI's clean clone has no record, so the drift gate always renders everything.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { HorizonEnd } from "../validate/holiday-horizon.js";
import { cacheDir, cacheKey, readCacheJson, writeCacheFile } from "../cache/disk-cache.js";

const FORMAT = "run-memo-5";

/** A produced file: the size and mtime it had on disk after the run. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface ClusterRecord {
  readonly key: string;
  /** Hash of the cluster's files (paths and bytes, in path order): one per cluster, not one per file. */
  readonly sha: string;
  readonly files: Readonly<Record<string, FileStamp>>;
  readonly notes: readonly string[];
  readonly horizons: readonly HorizonEnd[];
  readonly summary: readonly string[];
}

export interface RunRecord {
  readonly format: typeof FORMAT;
  readonly checks: readonly string[];
  /** By cluster file name (dev.yaml). */
  readonly clusters: Readonly<Record<string, ClusterRecord>>;
}

export interface RunMemo {
  readonly file: string;
  readonly outDir: string;
  /** Hash of the inputs every cluster shares. */
  readonly global: string;
  readonly record: RunRecord | undefined;
}

/** 128 bits of SHA-256: ample to tell a changed file, and a smaller record to read on every run. */
const digest = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex").slice(0, 32);

/** Path, size and mtime of every regular file below `dir`, sorted: changes when any file is added, removed or written. */
function fingerprint(dir: string): string {
  const h = createHash("sha256");
  const walk = (rel: string) => {
    const entries = readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) {
        const s = statSync(path.join(dir, child));
        h.update(`${child}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk("");
  return h.digest("hex");
}

export interface MemoInputs {
  /** Identifies the generator build (dist/llm-gitops.build.json); without it there is no memo. */
  readonly buildId?: string;
  readonly clustersDir: string;
  readonly outDir: string;
  readonly schemaLocation?: string;
  readonly chartCache?: string;
}

export function openRunMemo(o: MemoInputs): RunMemo | undefined {
  // LLM_GITOPS_NO_MEMO=1 forces the full path (the bench measures both).
  if (!o.buildId || process.env["LLM_GITOPS_NO_MEMO"]) return undefined;
  const dir = cacheDir("runs");
  if (!dir) return undefined;
  try {
    const h = createHash("sha256").update(`${FORMAT}\0${process.version}\0${o.buildId}\0`);
    let defaults = "";
    try {
      defaults = readFileSync(path.join(o.clustersDir, "defaults.yaml"), "utf8");
    } catch {
      // No defaults.yaml: part of the key as the empty string.
    }
    h.update(`[defaults]\0${defaults}\0`);
    for (const [label, d] of [["schemas", o.schemaLocation], ["charts", o.chartCache]] as const) h.update(`[${label}]\0${d && statSync(d).isDirectory() ? fingerprint(d) : ""}\0`);
    const file = path.join(dir, `${cacheKey(o.clustersDir, o.outDir)}.json`);
    return { file, outDir: o.outDir, global: h.digest("hex"), record: readRecord(file) };
  } catch {
    return undefined;
  }
}

function readRecord(file: string): RunRecord | undefined {
  const record = readCacheJson<RunRecord>(file);
  return record?.format === FORMAT ? record : undefined;
}

/** The key of one cluster: the shared inputs and the bytes of its own file. */
export const clusterKey = (memo: RunMemo, fileName: string, text: string): string => digest(`${memo.global}\0${fileName}\0${text}`);

/** One hash over a cluster's files: each path and its bytes, in the order given (path order). */
function filesDigest(files: Iterable<readonly [string, string | Buffer]>): string {
  const h = createHash("sha256");
  // Byte lengths, so that the rendered text and the bytes read back hash alike.
  for (const [rel, content] of files) h.update(`${rel}\0${typeof content === "string" ? Buffer.byteLength(content) : content.length}\0`).update(content);
  return h.digest("hex").slice(0, 32);
}

/**
 * The recorded cluster, when its key (clusterKey) matches and every file it produced is on disk unchanged: each
 * file's size must match; when a modification time differs too, the files' hash decides.
 */
export function reusable(memo: RunMemo, fileName: string, key: string): ClusterRecord | undefined {
  const rec = memo.record?.clusters[fileName];
  if (!rec || rec.key !== key) return undefined;
  let touched = false;
  try {
    for (const [rel, stamp] of Object.entries(rec.files)) {
      const s = statSync(path.join(memo.outDir, rel));
      if (s.size !== stamp.size) return undefined;
      if (s.mtimeMs !== stamp.mtimeMs) touched = true;
    }
    if (touched && filesDigest(Object.keys(rec.files).map((rel) => [rel, readFileSync(path.join(memo.outDir, rel))] as const)) !== rec.sha) return undefined;
  } catch {
    return undefined;
  }
  return rec;
}

export interface ClusterOutcome {
  readonly fileName: string;
  readonly key: string;
  /** Rendered content (hashed here), or the record of a reused cluster (with its hash). */
  readonly files: readonly { path: string; content: string }[] | Readonly<Record<string, FileStamp>>;
  readonly sha?: string;
  readonly notes: readonly string[];
  readonly horizons: readonly HorizonEnd[];
  readonly summary: readonly string[];
}

/** Record a clean run: every cluster's key, its files as they are on disk now, and what it printed. */
export function recordRun(memo: RunMemo, checks: readonly string[], outcomes: readonly ClusterOutcome[]): void {
  const clusters: Record<string, ClusterRecord> = {};
  for (const o of outcomes) {
    let files: Record<string, FileStamp>;
    let sha: string;
    if (Array.isArray(o.files)) {
      const produced = o.files as readonly { path: string; content: string }[];
      files = {};
      for (const f of produced) {
        const s = statSync(path.join(memo.outDir, f.path));
        files[f.path] = { size: s.size, mtimeMs: s.mtimeMs };
      }
      sha = filesDigest(produced.map((f) => [f.path, f.content] as const));
    } else {
      files = o.files as Record<string, FileStamp>;
      sha = o.sha ?? "";
    }
    clusters[o.fileName] = { key: o.key, sha, files, notes: o.notes, horizons: o.horizons, summary: o.summary };
  }
  const record: RunRecord = { format: FORMAT, checks, clusters };
  writeCacheFile(memo.file, JSON.stringify(record));
}
