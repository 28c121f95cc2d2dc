/**
 * load: clusters/*.yaml -> Matrix. Parses each file once with positions, merges defaults.yaml, validates against the
 * matrix schema and the semantic checks, and reports every problem at once as an InputError (exit 2).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { InputError, type InputProblem } from "../errors.js";
import { CLUSTER_CHECKS } from "./checks.js";
import { ClusterSource } from "./cluster-source.js";
import { isPlainObject, mergeDefaults } from "./merge.js";
import { literalSecrets } from "./literal-secrets.js";
import { explain } from "./schema-errors.js";
import type { ClusterConfig } from "./schema.js";
import { SourceFile } from "./source-file.js";
import { clusterValidator } from "./validator.js";
import { CLUSTER_FILE_EXT, CLUSTER_NAME, DEFAULTS_FILE } from "./cluster-name.js";

export { DEFAULTS_FILE } from "./cluster-name.js";

export interface LoadedCluster {
  /** Cluster name = file name without extension (a DNS-1123 label). */
  readonly name: string;
  /** Its file in the matrix directory (dev.yaml). */
  readonly fileName: string;
  readonly config: ClusterConfig;
  readonly source: ClusterSource;
}

export interface Matrix {
  readonly clusters: readonly LoadedCluster[];
  /** Cluster files the caller chose to reuse (LoadOptions.reuse): named and name-checked, not parsed. */
  readonly reused: readonly { readonly name: string; readonly fileName: string }[];
}

export interface LoadOptions {
  /** Called with each cluster file's name and text: true = the caller has this cluster's outcome already. */
  readonly reuse?: (fileName: string, text: string) => boolean;
}

/** How paths are shown in messages: relative to the working directory when below it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : file;
}

export function loadMatrix(dir: string, options: LoadOptions = {}): Matrix {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    entries = readdirSync(dir).sort();
  } catch {
    throw new InputError([{ file: displayPath(dir), line: 1, col: 1, message: "clusters directory not found (give one with --clusters DIR)" }]);
  }
  const problems: InputProblem[] = [];
  const read = (name: string, text = readFileSync(path.join(dir, name), "utf8")) => {
    const parsed = SourceFile.parse(displayPath(path.join(dir, name)), text);
    problems.push(...parsed.problems);
    if (parsed.problems.length === 0 && !parsed.file.isEmpty && !parsed.file.isMapping) {
      problems.push(parsed.file.problem([], "the file must hold a mapping of matrix keys (environment, ovh, nodePools, ...)"));
    }
    return parsed;
  };

  const defaults = entries.includes(DEFAULTS_FILE) ? read(DEFAULTS_FILE) : undefined;
  if (defaults && defaults.problems.length === 0) problems.push(...literalSecrets(defaults.file));
  const defaultsData = defaults && defaults.problems.length === 0 && defaults.file.isMapping ? defaults.file.toJS() : {};

  const clusterFiles = entries.filter((e) => CLUSTER_FILE_EXT.test(e) && e !== DEFAULTS_FILE);
  if (clusterFiles.length === 0) {
    problems.push({ file: displayPath(dir), line: 1, col: 1, message: "no cluster files: add one <cluster-name>.yaml per cluster" });
  }

  const seen = new Map<string, string>();
  const clusters: LoadedCluster[] = [];
  const reused: { name: string; fileName: string }[] = [];
  const reported = new Set<string>();
  const report = (p: InputProblem) => {
    const key = `${p.file}:${p.line}:${p.col}: ${p.message}`;
    if (!reported.has(key)) {
      reported.add(key);
      problems.push(p);
    }
  };

  for (const fileName of clusterFiles) {
    const name = fileName.replace(CLUSTER_FILE_EXT, "");
    const text = readFileSync(path.join(dir, fileName), "utf8");
    const previous = seen.get(name);
    seen.set(name, displayPath(path.join(dir, fileName)));
    // A reused file loaded cleanly before with these bytes and these defaults; only the checks across files repeat.
    if (CLUSTER_NAME.test(name) && !previous && options.reuse?.(fileName, text)) {
      reused.push({ name, fileName });
      continue;
    }
    const { file, problems: syntax } = read(fileName, text);
    if (!CLUSTER_NAME.test(name)) {
      report(file.problem([], `invalid cluster name '${name}': the file name is the cluster name and must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)`));
    }
    if (previous) report(file.problem([], `duplicate cluster name '${name}': already defined by ${previous}`));
    if (syntax.length > 0) continue;
    if (file.isEmpty) {
      report(file.problem([], `the file is empty: a cluster file needs at least the keys that ${DEFAULTS_FILE} does not provide (for example ovh.region and nodePools.gpu)`));
      continue;
    }
    if (!file.isMapping) continue;

    const secrets = literalSecrets(file);
    if (secrets.length > 0) {
      secrets.forEach(report);
      continue;
    }
    const source = new ClusterSource(file, defaults?.file);
    const merged = withModelDefaults(mergeDefaults(defaultsData, file.toJS()));
    const validate = clusterValidator();
    if (!isPlainObject(merged) || !validate(merged)) {
      for (const error of validate.errors ?? []) {
        const { path: at, message, atKey, missing } = explain(error);
        report(source.problem(at, message, atKey, missing));
      }
      continue;
    }
    const clusterProblems = CLUSTER_CHECKS.flatMap((check) => check(merged, source));
    clusterProblems.forEach(report);
    if (clusterProblems.length === 0) clusters.push({ name, fileName, config: merged, source });
  }

  if (problems.length > 0) throw new InputError(sortProblems(problems));
  return { clusters, reused };
}

/** `modelDefaults` merged under each models[] entry (defaults.yaml cannot do it: lists replace there). */
function withModelDefaults(merged: unknown): unknown {
  if (!isPlainObject(merged) || !isPlainObject(merged["modelDefaults"]) || !Array.isArray(merged["models"])) return merged;
  const base = merged["modelDefaults"];
  return { ...merged, models: merged["models"].map((m: unknown) => (isPlainObject(m) ? mergeDefaults(base, m) : m)) };
}

const sortProblems = (ps: InputProblem[]) =>
  [...ps].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
