/**
 * The CI this repository ships for its users (.github/workflows/validate.yml), parsed by GitHub's own workflow parser
 * (@actions/workflow-parser): no parse errors, and it runs the checks the README promises in that order.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from "@actions/workflow-parser";
import { ROOT } from "./helpers.js";

const FILE = ".github/workflows/validate.yml";

describe("the users' CI workflow", () => {
  it("parses with GitHub's workflow parser without errors", async () => {
    const content = readFileSync(path.join(ROOT, FILE), "utf8");
    const parsed = parseWorkflow({ name: FILE, content }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    expect(template.errors ?? []).toEqual([]);
    const job = template.jobs[0] as any;
    const runs: string[] = job.steps.map((s: any) => String(s.run?.value ?? s.run ?? s.uses?.value ?? s.uses ?? ""));
    const order = ["npm ci", "install-helm.sh", "charts -- pull", "generate -- --check", "validate -- --render", "npm test", "diff -- --base"].map((needle) => runs.findIndex((r) => r.includes(needle)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(runs.find((r) => r.includes("diff --"))).toContain("GITHUB_STEP_SUMMARY");
  });

  it("catches a broken workflow (the parser is not a rubber stamp)", () => {
    const content = readFileSync(path.join(ROOT, FILE), "utf8").replace("runs-on: ubuntu-24.04", "runs-onn: ubuntu-24.04");
    const parsed = parseWorkflow({ name: FILE, content }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().length).toBeGreaterThan(0);
  });
});
