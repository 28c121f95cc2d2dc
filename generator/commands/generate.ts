/**
 * generate: load -> plan/render -> validate -> write (or --check). Nothing is written unless every check passes.
 * One cluster at a time: each is rendered and validated on its own and only its files are kept. With a run memo
 * (the CLI as a program), clusters whose inputs and outputs are unchanged since the last clean run are reused, not
 * rendered; when all are, the recorded outcome is replayed (replay.ts).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EXIT, type Finding } from "../errors.js";
import { loadMatrix } from "../matrix/load.js";
import type { OutputFile } from "../render/output-file.js";
import { horizonWarning } from "../validate/holiday-horizon.js";
import { findOnPath, runKubeconform } from "../validate/kubeconform.js";
import { diffTree, isClean } from "../writer/tree.js";
import { writeTree } from "../writer/write-tree.js";
import { renderTools, resolveDir, type CommonOptions } from "./options.js";
import { mergeResults, renderAndValidateCluster, type ClusterResult } from "./render-validate.js";
import type { Program } from "./program.js";
import { memoInputsKey, replayIfCurrent, runMemoFor } from "./replay.js";
import { clusterKey, recordRun, reusable, type ClusterOutcome, type ClusterRecord } from "./run-memo.js";
import { printFindings, type Io } from "./report.js";

export interface GenerateOptions extends CommonOptions {
  readonly clusters: string;
  readonly check: boolean;
  /** Set when the CLI runs as a program: enables the per-cluster run memo (program.ts). */
  readonly program?: Program;
}

export function generate(options: GenerateOptions, io: Io): number {
  const outDir = resolveDir(options.out);
  const clustersDir = resolveDir(options.clusters);
  const tools = renderTools(options);
  const memoInputs = { ...(options.program ? { buildId: options.program.buildId } : {}), clustersDir, outDir, ...(options.schemaLocation ? { schemaLocation: options.schemaLocation } : {}), ...(options.chartCache ? { chartCache: options.chartCache } : {}), render: !!tools };
  // The launcher already tried to replay with these inputs: take its memo instead of opening it again.
  const opened = options.program?.opened;
  const handed = opened && opened.key === memoInputsKey(memoInputs) ? opened : undefined;
  const memo = handed ? handed.memo : runMemoFor(memoInputs);
  if (!handed) {
    const replayed = replayIfCurrent({ ...memoInputs, check: options.check }, io, memo);
    if (replayed !== undefined) return replayed;
  }

  const reused = new Map<string, ClusterRecord>();
  const keys = new Map<string, string>();
  const matrix = loadMatrix(clustersDir, {
    reuse: (fileName, text) => {
      if (!memo) return false;
      const key = clusterKey(memo, fileName, text);
      keys.set(fileName, key);
      const rec = reusable(memo, fileName, key);
      if (rec) reused.set(fileName, rec);
      return !!rec;
    },
  });
  const now = new Date();
  const validateOptions = { ...(options.schemaLocation ? { schemaLocation: options.schemaLocation } : {}), ...(options.chartCache ? { chartCache: options.chartCache } : {}), ...(tools ? { render: tools } : {}), now };
  const parts: ClusterResult[] = [];
  const outcomes: ClusterOutcome[] = [];
  let checks = memo?.record?.checks ?? [];
  for (const cluster of matrix.clusters) {
    const r = renderAndValidateCluster(cluster, validateOptions);
    checks = r.checks;
    parts.push(r);
    outcomes.push({ fileName: cluster.fileName, key: keys.get(cluster.fileName) ?? "", files: r.files, notes: r.notes, horizons: r.horizons, summary: r.summary });
  }
  const kept = new Set<string>();
  for (const { fileName } of matrix.reused) {
    const rec = reused.get(fileName)!;
    for (const p of Object.keys(rec.files)) kept.add(p);
    outcomes.push({ fileName, key: rec.key, files: rec.files, sha: rec.sha, notes: rec.notes, horizons: rec.horizons, summary: rec.summary });
  }
  outcomes.sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
  const report = mergeResults(parts, checks);
  const { files } = report;
  const clusterCount = outcomes.length;
  const findings: Finding[] = [...report.findings];
  if (options.schemaLocation) findings.push(...(kubeconformOver(files, options.schemaLocation) ?? []));
  const notes = outcomes.flatMap((o) => o.notes);
  const warnings = outcomes.flatMap((o) => o.horizons.flatMap((h) => horizonWarning(h, now) ?? []));
  if (findings.length > 0) {
    printFindings(io, findings, notes, warnings);
    io.err(`generate: ${findings.length} finding(s); nothing was written`);
    return EXIT.findings;
  }
  printFindings(io, [], notes, warnings);
  for (const o of outcomes) for (const line of o.summary) io.out(line);
  const reuseNote = matrix.reused.length ? `; ${matrix.reused.length} of ${clusterCount} clusters reused from the last run` : "";
  const total = files.length + kept.size;

  const diff = diffTree(outDir, files, kept);
  for (const p of diff.foreign) io.err(`${p}: exists without the generated marker; refusing to overwrite a hand-written file (move it away)`);
  if (options.check) {
    if (isClean(diff)) {
      if (memo) recordRun(memo, checks, outcomes);
      io.out(`generate --check: ${total} files current (${clusterCount} clusters; checks: ${checks.join(", ")}${reuseNote})`);
      return EXIT.ok;
    }
    for (const p of diff.missing) io.err(`${p}: missing (not generated yet)`);
    for (const p of diff.changed) io.err(`${p}: changed (differs from what clusters/ renders)`);
    for (const p of diff.orphaned) io.err(`${p}: orphaned (generated, but no longer rendered)`);
    for (const p of diff.stale) io.err(`${p}: left by a generate that was killed while writing (the next generate removes it)`);
    const stale = diff.stale.length ? `, ${diff.stale.length} stale temporaries` : "";
    io.err(`generate --check: drift (${diff.missing.length} missing, ${diff.changed.length} changed, ${diff.orphaned.length} orphaned${stale}); run \`npm run generate\` and commit`);
    return EXIT.findings;
  }
  if (diff.foreign.length > 0) return EXIT.findings;
  const written = writeTree(outDir, files, diff);
  if (memo) recordRun(memo, checks, outcomes);
  io.out(`generate: ${clusterCount} clusters, ${total} files: ${written.written.length} written, ${written.pruned.length} pruned, ${diff.unchanged} unchanged (checks: ${checks.join(", ")}${reuseNote})`);
  return EXIT.ok;
}

/** kubeconform reads files: stage the rendered tree in a temporary directory outside the output tree. */
function kubeconformOver(files: readonly OutputFile[], schemaLocation: string): Finding[] | undefined {
  if (!findOnPath("kubeconform")) return undefined;
  const manifests = files.filter((f) => f.path.startsWith("apps/"));
  const tmp = mkdtempSync(path.join(os.tmpdir(), "llm-gitops-kubeconform-"));
  try {
    for (const f of manifests) {
      mkdirSync(path.dirname(path.join(tmp, f.path)), { recursive: true });
      writeFileSync(path.join(tmp, f.path), f.content);
    }
    return runKubeconform(tmp, manifests.map((f) => f.path), schemaLocation);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
