/**
 * The memoised no-op: when every cluster of the matrix is reusable (run-memo.ts) and the output tree holds exactly the
 * recorded files, the run's outcome is the recorded one, printed with today's holiday-horizon warnings. Nothing here
 * loads the matrix parser, the layers or the validators: the launcher calls it before loading the generator.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { EXIT } from "../errors.js";
import { horizonWarning } from "../validate/holiday-horizon.js";
import { findOnPath } from "../validate/kubeconform.js";
import { diffTree, isClean } from "../writer/tree.js";
import { printFindings, type Io } from "./report.js";
import { clusterKey, openRunMemo, reusable, type ClusterRecord, type MemoInputs, type RunMemo } from "./run-memo.js";
import { CLUSTER_FILE_EXT, CLUSTER_NAME, DEFAULTS_FILE } from "../matrix/cluster-name.js";

export const REPLAY_NOTE = "unchanged inputs, outputs verified";

/** The memo, unless something makes it unusable: --render, or kubeconform on PATH (it needs every file rendered). */
export function runMemoFor(o: MemoInputs & { readonly render?: boolean }): RunMemo | undefined {
  if (o.render || findOnPath("kubeconform")) return undefined;
  return openRunMemo(o);
}

/** What identifies an opened memo: a memo opened for other inputs is never reused. */
export const memoInputsKey = (o: MemoInputs & { readonly render?: boolean }): string =>
  JSON.stringify([o.buildId ?? "", o.clustersDir, o.outDir, o.schemaLocation ? path.resolve(o.schemaLocation) : "", o.chartCache ? path.resolve(o.chartCache) : "", !!o.render]);

/** A memo opened (and found not to replay) by the launcher, handed to generate so it is not opened twice. */
export interface OpenedMemo {
  readonly key: string;
  readonly memo: RunMemo | undefined;
}

export function replayIfCurrent(o: MemoInputs & { readonly render?: boolean; readonly check: boolean }, io: Io, memo: RunMemo | undefined = runMemoFor(o)): number | undefined {
  if (!memo?.record) return undefined;
  let entries: string[];
  try {
    entries = readdirSync(o.clustersDir).sort();
  } catch {
    return undefined;
  }
  const records: ClusterRecord[] = [];
  const names = new Set<string>();
  for (const fileName of entries) {
    if (!CLUSTER_FILE_EXT.test(fileName) || fileName === DEFAULTS_FILE) continue;
    const name = fileName.replace(CLUSTER_FILE_EXT, "");
    // An invalid or duplicate name is the loader's to report.
    if (!CLUSTER_NAME.test(name) || names.has(name)) return undefined;
    names.add(name);
    let text: string;
    try {
      text = readFileSync(path.join(o.clustersDir, fileName), "utf8");
    } catch {
      return undefined;
    }
    const rec = reusable(memo, fileName, clusterKey(memo, fileName, text));
    if (!rec) return undefined;
    records.push(rec);
  }
  if (records.length === 0) return undefined;
  const kept = new Set(records.flatMap((r) => Object.keys(r.files)));
  if (!isClean(diffTree(o.outDir, [], kept))) return undefined;

  const now = new Date();
  printFindings(io, [], records.flatMap((r) => r.notes), records.flatMap((r) => r.horizons.flatMap((h) => horizonWarning(h, now) ?? [])));
  for (const r of records) for (const line of r.summary) io.out(line);
  const checks = `checks: ${memo.record.checks.join(", ")}; ${REPLAY_NOTE}`;
  io.out(o.check ? `generate --check: ${kept.size} files current (${records.length} clusters; ${checks})` : `generate: ${records.length} clusters, ${kept.size} files: 0 written, 0 pruned, ${kept.size} unchanged (${checks})`);
  return EXIT.ok;
}
