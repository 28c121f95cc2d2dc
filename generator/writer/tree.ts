/**
 * The output tree on disk: what is there, and how it differs from what render produced.
 * Only the generated roots are ever looked at; only files that carry the marker are ever replaced or pruned.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { hasMarker } from "../render/marker.js";
import type { OutputFile } from "../render/output-file.js";

export const GENERATED_ROOTS = ["apps", "values", "dashboards"] as const;

/** Every file below the generated roots, by POSIX path relative to `outDir` (the writer's temporaries left out). */
export function listTree(outDir: string): string[] {
  return scanTree(outDir).files;
}

/**
 * The files below the generated roots, and the writer's temporaries: files and directories below the roots, and
 * temporary generated roots. `dirs`: every directory listed, and `others`: entries that are neither a directory
 * nor a regular file (symbolic links, say), so that a path's existence can be read off the listing.
 */
function scanTree(outDir: string): { files: string[]; temporaries: string[]; dirs: Set<string>; others: Set<string> } {
  const files: string[] = [];
  const temporaries: string[] = [];
  const dirs = new Set<string>();
  const others = new Set<string>();
  const walk = (rel: string) => {
    const abs = path.join(outDir, rel);
    dirs.add(rel);
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (TEMP.test(entry.name)) temporaries.push(child);
      else if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.push(child);
      else others.add(child);
    }
  };
  for (const root of GENERATED_ROOTS) if (existsSync(path.join(outDir, root))) walk(root);
  if (existsSync(outDir)) for (const name of readdirSync(outDir)) if (TEMP_ROOT.test(name)) temporaries.push(name);
  return { files: files.sort(), temporaries: temporaries.sort(), dirs, others };
}

export interface TreeDiff {
  /** To be created. */
  readonly missing: string[];
  /** Generated before, bytes differ now. */
  readonly changed: string[];
  /** Carry the marker but are no longer rendered: to be pruned. */
  readonly orphaned: string[];
  /** Rendered paths occupied by files without the marker: never overwritten. */
  readonly foreign: string[];
  /** Temporaries of a generate that was killed mid-write (its process is gone): to be removed. */
  readonly stale: string[];
  readonly unchanged: number;
}

/** The writer's temporary siblings of files and directories: `<file or directory>.llm-gitops-<pid>.tmp`. */
export const tempPath = (dest: string, pid: number): string => `${dest}.llm-gitops-${pid}.tmp`;
const TEMP = /\.llm-gitops-(\d+)\.tmp$/;
const TEMP_ROOT = new RegExp(`^(?:${GENERATED_ROOTS.join("|")})\\.llm-gitops-\\d+\\.tmp$`);

/** A temporary whose writer no longer runs (a concurrent generate's own temporaries are left alone). */
function isStale(file: string): boolean {
  const pid = Number(TEMP.exec(file)?.[1]);
  if (!pid) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export const isClean = (d: TreeDiff) => d.missing.length + d.changed.length + d.orphaned.length + d.foreign.length + d.stale.length === 0;

/** `kept`: paths a reused cluster produced, already verified current on disk (see commands/run-memo.ts). */
export function diffTree(outDir: string, files: readonly OutputFile[], kept: ReadonlySet<string> = new Set()): TreeDiff {
  const diff: TreeDiff = { missing: [], changed: [], orphaned: [], foreign: [], stale: [], unchanged: 0 };
  const wanted = new Set(files.map((f) => f.path));
  const tree = scanTree(outDir);
  const onDisk = new Set(tree.files);
  // Existence from the listing: a fresh tree costs no call per file. Paths the walk did not list (below a symbolic
  // link, say) are asked of the file system, as are entries that are not regular files.
  const dirExists = new Map<string, boolean>();
  const exists = (rel: string): boolean => {
    const dir = path.posix.dirname(rel);
    if (tree.dirs.has(dir) && !tree.others.has(rel)) return onDisk.has(rel) || tree.dirs.has(rel);
    let d = dirExists.get(dir);
    if (d === undefined) dirExists.set(dir, (d = existsSync(path.join(outDir, dir))));
    return d && existsSync(path.join(outDir, rel));
  };
  let unchanged = kept.size;
  for (const file of files) {
    if (!exists(file.path)) {
      diff.missing.push(file.path);
      continue;
    }
    const current = readFileSync(path.join(outDir, file.path), "utf8");
    if (current === file.content) unchanged++;
    else if (hasMarker(file.path, current)) diff.changed.push(file.path);
    else diff.foreign.push(file.path);
  }
  for (const temporary of tree.temporaries) if (isStale(temporary)) diff.stale.push(temporary);
  for (const existing of tree.files) {
    if (wanted.has(existing) || kept.has(existing)) continue;
    const content = readFileSync(path.join(outDir, existing), "utf8");
    if (hasMarker(existing, content)) diff.orphaned.push(existing);
  }
  return { ...diff, unchanged };
}
