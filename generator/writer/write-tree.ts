/**
 * The only side effect of generate. Nothing is written in place: a file whose directory exists is written to a
 * temporary sibling and renamed over its destination; files whose directory does not exist yet (a new cluster, a
 * fresh output tree) are written into a temporary sibling of their topmost missing directory, which is renamed into
 * place whole (one rename for a whole new tree instead of one per file: a bare loop writing 4,000 files took 135–251 ms
 * with a rename each and 88–106 ms this way). So a
 * failure leaves no half-written file, and a kill leaves only temporaries of our naming, which the next run removes
 * (a SIGKILL gives no chance to clean up). Then orphans that carry the marker are pruned.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { OutputFile } from "../render/output-file.js";
import { GENERATED_ROOTS, tempPath, type TreeDiff } from "./tree.js";

export interface WriteReport {
  readonly written: string[];
  readonly pruned: string[];
}

/** Where each file is first written, and which renames put everything in place. */
interface Staging {
  /** Temporary directories standing in for missing ones: [temporary, destination]. */
  readonly dirs: [string, string][];
  /** Temporary siblings of files in existing directories: [temporary, destination]. */
  readonly files: [string, string][];
}

/** The topmost directory of `dir` (below `outDir`) that does not exist, if any; `exists` memoises the answers. */
function topMissing(outDir: string, dir: string, exists: Map<string, boolean>): string | undefined {
  let top: string | undefined;
  for (let d = dir; d.length > outDir.length; d = path.dirname(d)) {
    let e = exists.get(d);
    if (e === undefined) exists.set(d, (e = existsSync(d)));
    if (e) break;
    top = d;
  }
  return top;
}

export function writeTree(outDir: string, files: readonly OutputFile[], diff: TreeDiff): WriteReport {
  const toWrite = new Set([...diff.missing, ...diff.changed]);
  const staging: Staging = { dirs: [], files: [] };
  const stagedDir = new Map<string, string>();
  const exists = new Map<string, boolean>();
  const made = new Set<string>();
  const written: string[] = [];
  const mkdir = (dir: string) => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  };
  try {
    if (toWrite.size > 0) mkdirSync(outDir, { recursive: true });
    for (const file of files) {
      if (!toWrite.has(file.path)) continue;
      const dest = path.join(outDir, file.path);
      const dir = path.dirname(dest);
      const top = topMissing(outDir, dir, exists);
      let target: string;
      if (top === undefined) {
        target = tempPath(dest, process.pid);
        staging.files.push([target, dest]);
      } else {
        let temp = stagedDir.get(top);
        if (temp === undefined) {
          temp = tempPath(top, process.pid);
          // A killed run's leftover can carry this process's id (ids are reused): start from an empty directory.
          rmSync(temp, { recursive: true, force: true });
          stagedDir.set(top, temp);
          staging.dirs.push([temp, top]);
        }
        target = temp + dest.slice(top.length);
      }
      mkdir(path.dirname(target));
      writeFileSync(target, file.content);
      written.push(file.path);
    }
  } catch (error) {
    for (const [temp] of [...staging.dirs, ...staging.files]) rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  for (const [temp, dest] of staging.dirs) renameSync(temp, dest);
  for (const [temp, dest] of staging.files) renameSync(temp, dest);
  const pruned = [...diff.orphaned, ...diff.stale];
  for (const rel of pruned) rmSync(path.join(outDir, rel), { recursive: true, force: true });
  // Only removing files empties directories (writing fills them): with nothing removed there is nothing to walk.
  if (pruned.length > 0) for (const root of GENERATED_ROOTS) removeEmptyDirs(path.join(outDir, root), true);
  return { written, pruned };
}

function removeEmptyDirs(dir: string, keep: boolean): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) removeEmptyDirs(path.join(dir, e.name), false);
  if (!keep && readdirSync(dir).length === 0) rmdirSync(dir);
}
