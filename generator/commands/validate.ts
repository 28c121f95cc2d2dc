/** validate: every check over the tree on disk (what Argo CD will actually read). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { EXIT, type Finding } from "../errors.js";
import type { RenderedDoc } from "../render/output-file.js";
import { runKubeconform } from "../validate/kubeconform.js";
import { validateTree } from "../validate/validate-tree.js";
import { listTree } from "../writer/tree.js";
import { renderTools, resolveDir, type CommonOptions } from "./options.js";
import { printFindings, type Io } from "./report.js";

export function readTree(outDir: string): { docs: RenderedDoc[]; findings: Finding[] } {
  const docs: RenderedDoc[] = [];
  const findings: Finding[] = [];
  for (const rel of listTree(outDir)) {
    const text = readFileSync(path.join(outDir, rel), "utf8");
    if (rel.endsWith(".json")) {
      try {
        docs.push({ path: rel, data: JSON.parse(text) });
      } catch (e) {
        findings.push({ path: rel, check: "parse", message: (e as Error).message });
      }
    } else if (rel.endsWith(".md")) {
      docs.push({ path: rel, data: text });
    } else if (/\.ya?ml$/.test(rel)) {
      const parsed = parseAllDocuments(text, { version: "1.1" });
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const d of list) {
        if (d.errors.length) findings.push({ path: rel, check: "parse", message: d.errors[0]!.message.split("\n")[0]! });
        else if (d.contents !== null) docs.push({ path: rel, data: d.toJS() });
      }
    }
  }
  return { docs, findings };
}

export function validate(options: CommonOptions, io: Io): number {
  const outDir = resolveDir(options.out);
  const tree = readTree(outDir);
  const tools = renderTools(options);
  const report = validateTree(tree.docs, { ...(options.schemaLocation ? { schemaLocation: options.schemaLocation } : {}), ...(options.chartCache ? { chartCache: options.chartCache } : {}), ...(tools ? { render: tools } : {}) });
  const findings = [...tree.findings, ...report.findings];
  if (options.schemaLocation) {
    const files = [...new Set(tree.docs.map((d) => d.path).filter((p) => p.startsWith("apps/")))];
    findings.push(...(runKubeconform(outDir, files, options.schemaLocation) ?? []));
  }
  printFindings(io, findings, report.notes, report.warnings);
  if (tree.docs.length === 0) {
    io.err(`validate: no generated files under ${outDir} (apps/, values/, dashboards/)`);
    return EXIT.findings;
  }
  io.out(`validate: ${tree.docs.length} documents, ${findings.length} finding(s) (checks: ${report.checks.join(", ")})`);
  return findings.length > 0 ? EXIT.findings : EXIT.ok;
}
