/**
 * Evaluate JavaScript through V8's code cache: `cacheFile` holds the compiled code of an earlier run, and a run that
 * had none (or whose cache V8 rejected) writes it at exit, when it holds every function that run compiled. Later
 * runs deserialise instead of parsing and compiling. The cache file's name must change with the source (V8 checks
 * little more than its length).
 */
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { writeCacheFile } from "./disk-cache.js";

const pending: { script: vm.Script; file: string }[] = [];

function read(file: string | undefined): Buffer | undefined {
  try {
    return file ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The value `source` (an expression, typically a wrapper function) evaluates to. `shipped`: a read-only cache made
 * when the program was built, used when `cacheFile` has none; only when V8 accepts neither (another Node, other V8
 * flags) is `cacheFile` written.
 */
export function evaluateCached(source: string, filename: string, cacheFile: string | undefined, shipped?: string): unknown {
  const own = read(cacheFile);
  const cachedData = own ?? read(shipped);
  const script = new vm.Script(source, { filename, ...(cachedData ? { cachedData } : {}) });
  const value: unknown = script.runInThisContext();
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    if (pending.length === 0) process.once("exit", () => pending.forEach((p) => writeCacheFile(p.file, p.script.createCachedData())));
    pending.push({ script, file: cacheFile });
  }
  return value;
}
