/**
 * The only side effect of generate. Writes changed files through temporary siblings and renames them into place once
 * every byte is on disk, so a failure leaves no half-written file; then prunes orphans that carry the marker, and the
 * temporaries a killed run left behind (a SIGKILL gives no chance to clean up).
 */
import { mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { OutputFile } from "../render/output-file.js";
import { GENERATED_ROOTS, tempPath, type TreeDiff } from "./tree.js";

export interface WriteReport {
  readonly written: string[];
  readonly pruned: string[];
}

export function writeTree(outDir: string, files: readonly OutputFile[], diff: TreeDiff): WriteReport {
  const toWrite = new Set([...diff.missing, ...diff.changed]);
  const staged: { tmp: string; dest: string; rel: string }[] = [];
  const made = new Set<string>();
  try {
    for (const file of files) {
      if (!toWrite.has(file.path)) continue;
      const dest = path.join(outDir, file.path);
      const dir = path.dirname(dest);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const tmp = tempPath(dest, process.pid);
      staged.push({ tmp, dest, rel: file.path });
      writeFileSync(tmp, file.content);
    }
  } catch (error) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw error;
  }
  for (const s of staged) renameSync(s.tmp, s.dest);
  for (const rel of [...diff.orphaned, ...diff.stale]) rmSync(path.join(outDir, rel), { force: true });
  for (const root of GENERATED_ROOTS) removeEmptyDirs(path.join(outDir, root), true);
  return { written: staged.map((s) => s.rel), pruned: [...diff.orphaned, ...diff.stale] };
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
