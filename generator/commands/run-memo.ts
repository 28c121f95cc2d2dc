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

const FORMAT = "run-memo-4";

/** A produced file: content hash, and the size and mtime it had on disk after the run. */
export interface FileStamp {
  readonly sha: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface ClusterRecord {
  readonly key: string;
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

/** True when the file on disk holds the recorded bytes (stat first; content hash when the stat differs). */
function current(outDir: string, rel: string, stamp: FileStamp): boolean {
  const abs = path.join(outDir, rel);
  try {
    const s = statSync(abs);
    if (s.size !== stamp.size) return false;
    if (s.mtimeMs === stamp.mtimeMs) return true;
    return digest(readFileSync(abs)) === stamp.sha;
  } catch {
    return false;
  }
}

/** The recorded cluster, when its key (clusterKey) matches and every file it produced is on disk unchanged. */
export function reusable(memo: RunMemo, fileName: string, key: string): ClusterRecord | undefined {
  const rec = memo.record?.clusters[fileName];
  if (!rec || rec.key !== key) return undefined;
  for (const [rel, stamp] of Object.entries(rec.files)) if (!current(memo.outDir, rel, stamp)) return undefined;
  return rec;
}

export interface ClusterOutcome {
  readonly fileName: string;
  readonly key: string;
  /** Rendered content (hashed here), or the record of a reused cluster. */
  readonly files: readonly { path: string; content: string }[] | Readonly<Record<string, FileStamp>>;
  readonly notes: readonly string[];
  readonly horizons: readonly HorizonEnd[];
  readonly summary: readonly string[];
}

/** Record a clean run: every cluster's key, its files as they are on disk now, and what it printed. */
export function recordRun(memo: RunMemo, checks: readonly string[], outcomes: readonly ClusterOutcome[]): void {
  const clusters: Record<string, ClusterRecord> = {};
  for (const o of outcomes) {
    let files: Record<string, FileStamp>;
    if (Array.isArray(o.files)) {
      files = {};
      for (const f of o.files as readonly { path: string; content: string }[]) {
        const s = statSync(path.join(memo.outDir, f.path));
        files[f.path] = { sha: digest(f.content), size: s.size, mtimeMs: s.mtimeMs };
      }
    } else files = o.files as Record<string, FileStamp>;
    clusters[o.fileName] = { key: o.key, files, notes: o.notes, horizons: o.horizons, summary: o.summary };
  }
  const record: RunRecord = { format: FORMAT, checks, clusters };
  writeCacheFile(memo.file, JSON.stringify(record));
}
