/**
 * generate: load -> plan/render -> validate -> write (or --check). Nothing is written unless every check passes.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EXIT, type Finding } from "../errors.js";
import { loadMatrix } from "../matrix/load.js";
import type { OutputFile } from "../render/output-file.js";
import { planCluster } from "../plan/cluster-plan.js";
import { scalingSummary } from "../plan/scaling-summary.js";
import { findOnPath, runKubeconform } from "../validate/kubeconform.js";
import { diffTree, isClean } from "../writer/tree.js";
import { writeTree } from "../writer/write-tree.js";
import { renderTools, resolveDir, type CommonOptions } from "./options.js";
import { renderAndValidateParallel } from "./parallel-render.js";
import { recordRun, recordedRun, runMemo, type RunRecord } from "./run-memo.js";
import { horizonWarning } from "../validate/check-schedule.js";
import { printFindings, type Io } from "./report.js";

export interface GenerateOptions extends CommonOptions {
  readonly clusters: string;
  readonly check: boolean;
  /** The CLI's entry module, when running as a program: lets large matrices render on a second thread. */
  readonly entry?: string;
}

export function generate(options: GenerateOptions, io: Io): number {
  const outDir = resolveDir(options.out);
  const clustersDir = resolveDir(options.clusters);
  const tools = renderTools(options);
  const memo = tools ? undefined : runMemo({ clustersDir, outDir, ...options });
  const recorded = memo && recordedRun(memo, outDir);
  if (recorded) return replay(recorded, options, io);

  const matrix = loadMatrix(clustersDir);
  const clusters = matrix.clusters.map(({ name, config }) => ({ name, config }));
  const validateOptions = { ...(options.schemaLocation ? { schemaLocation: options.schemaLocation } : {}), ...(options.chartCache ? { chartCache: options.chartCache } : {}), ...(tools ? { render: tools } : {}) };
  const report = renderAndValidateParallel(clusters, validateOptions, options.entry);
  const { files } = report;
  const threads = (report.threads ?? 1) > 1 ? `; ${report.threads} render threads` : "";
  const findings: Finding[] = [...report.findings];
  if (options.schemaLocation) findings.push(...(kubeconformOver(files, options.schemaLocation) ?? []));
  if (findings.length > 0) {
    printFindings(io, findings, report.notes, report.warnings);
    io.err(`generate: ${findings.length} finding(s); nothing was written`);
    return EXIT.findings;
  }
  printFindings(io, [], report.notes, report.warnings);
  const summary = matrix.clusters.flatMap((cluster) => scalingSummary(planCluster(cluster)));
  for (const line of summary) io.out(line);
  const record = () => memo && recordRun(memo, { clusters: matrix.clusters.length, files, notes: report.notes, horizons: report.horizons, summary, checks: report.checks });

  const diff = diffTree(outDir, files);
  for (const p of diff.foreign) io.err(`${p}: exists without the generated marker; refusing to overwrite a hand-written file (move it away)`);
  if (options.check) {
    if (isClean(diff)) {
      record();
      io.out(`generate --check: ${files.length} files current (${matrix.clusters.length} clusters; checks: ${report.checks.join(", ")}${threads})`);
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
  record();
  io.out(`generate: ${matrix.clusters.length} clusters, ${files.length} files: ${written.written.length} written, ${written.pruned.length} pruned, ${diff.unchanged} unchanged (checks: ${report.checks.join(", ")}${threads})`);
  return EXIT.ok;
}

/** A memoised no-op: the recorded outcome, with today's holiday-horizon warnings. */
function replay(r: RunRecord, options: GenerateOptions, io: Io): number {
  const now = new Date();
  printFindings(io, [], r.notes, r.horizons.flatMap((h) => horizonWarning(h, now) ?? []));
  for (const line of r.summary) io.out(line);
  const n = Object.keys(r.files).length;
  const checks = `checks: ${r.checks.join(", ")}; unchanged inputs, outputs verified`;
  io.out(options.check ? `generate --check: ${n} files current (${r.clusters} clusters; ${checks})` : `generate: ${r.clusters} clusters, ${n} files: 0 written, 0 pruned, ${n} unchanged (${checks})`);
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
