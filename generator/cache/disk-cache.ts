/**
 * A content-addressed cache for work that does not change between runs: compiled JSON-schema validators (ajv
 * standalone code) and parsed chart defaults. Keys are hashes of the inputs, so a stale entry can never be used; a cache
 * that cannot be written is simply not used. Lives outside the output tree: `LLM_GITOPS_CACHE_DIR`, else
 * node_modules/.cache/llm-gitops of this package, else the system's temporary directory.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Bumped when what is cached changes shape. */
const CACHE_FORMAT = "1";

function cacheRoot(): string {
  const fromEnv = process.env["LLM_GITOPS_CACHE_DIR"];
  if (fromEnv) return fromEnv;
  // The nearest directory above this module (compiled or bundled) that has node_modules: this package's root.
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "node_modules"))) return path.join(dir, "node_modules", ".cache", "llm-gitops");
  }
  return path.join(os.tmpdir(), "llm-gitops-cache");
}

export const cacheKey = (...parts: string[]): string => {
  const h = createHash("sha256").update(CACHE_FORMAT);
  for (const p of parts) h.update("\0").update(p);
  return h.digest("hex").slice(0, 32);
};

/** The cache directory for one kind of entry, created on demand; undefined when it cannot be created. */
export function cacheDir(kind: string): string | undefined {
  const dir = path.join(cacheRoot(), kind);
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return undefined;
  }
}

/** Write through a temporary sibling so a concurrent reader never sees half a file; failures are ignored. */
export function writeCacheFile(file: string, content: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch {
    // A read-only or full disk only costs speed.
  }
}

/** A cached JSON entry; undefined when it is missing or damaged (then it is computed again and overwritten). */
export function readCacheJson<T>(file: string): T | undefined {
  const text = readCacheFile(file);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function readCacheFile(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
