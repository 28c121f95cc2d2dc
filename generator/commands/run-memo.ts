/**
 * A no-op regenerate without re-rendering. After a clean run the CLI records a hash of everything the output depends
 * on — the generator itself (the CLI's entry file), every file of clusters/, every file of the schema catalog and chart
 * cache given — with the hash of every file it produced. When the next run's inputs hash the same and the tree on disk
 * still holds exactly those files with those bytes, rendering would reproduce them: the run prints the recorded
 * outcome instead (holiday-horizon warnings are recomputed, they depend on today). Anything else — one changed byte,
 * an edited or extra generated file, kubeconform on PATH — takes the full path. CI's clean clone has no record.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { HorizonEnd } from "../validate/check-schedule.js";
import { findOnPath } from "../validate/kubeconform.js";
import { cacheDir, cacheKey, readCacheFile, writeCacheFile } from "../cache/disk-cache.js";
import { listTree } from "../writer/tree.js";

export interface RunRecord {
  readonly key: string;
  readonly clusters: number;
  /** Output path -> sha256 of its bytes. */
  readonly files: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
  readonly horizons: readonly HorizonEnd[];
  readonly summary: readonly string[];
  readonly checks: readonly string[];
}

export interface RunMemo {
  readonly key: string;
  readonly file: string;
}

const sha = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** Every regular file below `dir` (sorted, relative), hashed with its name. */
function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) hash.update(`\0${child}\0`).update(readFileSync(path.join(dir, child)));
    }
  };
  walk("");
}

export function runMemo(o: { entry?: string; clustersDir: string; outDir: string; schemaLocation?: string; chartCache?: string }): RunMemo | undefined {
  // LLM_GITOPS_NO_MEMO=1 forces the full path (the bench measures both).
  if (!o.entry || process.env["LLM_GITOPS_NO_MEMO"] || findOnPath("kubeconform")) return undefined;
  const dir = cacheDir("runs");
  if (!dir) return undefined;
  try {
    // Node (its time-zone data validates the matrix) and the generator itself.
    const h = createHash("sha256").update(`run-memo-1\0${process.version}\0`).update(readFileSync(o.entry));
    for (const [label, d] of [["clusters", o.clustersDir], ["schemas", o.schemaLocation], ["charts", o.chartCache]] as const) {
      h.update(`\0[${label}]`);
      if (d && statSync(d).isDirectory()) hashTree(h, d);
    }
    return { key: h.digest("hex"), file: path.join(dir, `${cacheKey(o.clustersDir, o.outDir)}.json`) };
  } catch {
    return undefined;
  }
}

/** The recorded outcome, when the inputs are the same and the tree on disk is exactly what was recorded. */
export function recordedRun(memo: RunMemo, outDir: string): RunRecord | undefined {
  const text = readCacheFile(memo.file);
  if (!text) return undefined;
  let record: RunRecord;
  try {
    record = JSON.parse(text) as RunRecord;
  } catch {
    return undefined;
  }
  if (record.key !== memo.key) return undefined;
  const expected = Object.keys(record.files);
  const onDisk = listTree(outDir);
  // An extra file may be a hand-written one or an orphan: only the full run can tell; take it.
  if (onDisk.length !== expected.length) return undefined;
  for (const rel of onDisk) {
    const want = record.files[rel];
    if (!want) return undefined;
    try {
      if (sha(readFileSync(path.join(outDir, rel))) !== want) return undefined;
    } catch {
      return undefined;
    }
  }
  return record;
}

export function recordRun(memo: RunMemo, record: Omit<RunRecord, "key" | "files"> & { files: readonly { path: string; content: string }[] }): void {
  const files = Object.fromEntries(record.files.map((f) => [f.path, sha(f.content)]));
  writeCacheFile(memo.file, JSON.stringify({ ...record, key: memo.key, files }));
}
