/**
 * A matrix file that parsed cleanly before comes from the parse cache; its problems must still be located exactly as
 * a fresh parse locates them (the positions are parsed on demand).
 */
import { describe, expect, it } from "vitest";
import { SourceFile } from "../generator/matrix/source-file.js";
import { tempDir } from "./helpers.js";

describe("matrix parse cache", () => {
  it("GIVEN a text parsed before WHEN it is parsed again THEN data, shape and problem positions equal a fresh parse's", () => {
    process.env["LLM_GITOPS_CACHE_DIR"] = tempDir("llm-gitops-parse-cache-");
    try {
      const text = `# a comment\nenvironment: dev\nmodels:\n  - name: a\n    scaling:\n      mode: queue\nanchors: &x\n  k: 1\nuse: *x\n`;
      const first = SourceFile.parse("clusters/x.yaml", text);
      const second = SourceFile.parse("clusters/x.yaml", text);
      expect(second.problems).toEqual([]);
      expect(second.file.toJS()).toEqual(first.file.toJS());
      expect([second.file.isEmpty, second.file.isMapping]).toEqual([first.file.isEmpty, first.file.isMapping]);
      for (const at of [["models", 0, "scaling", "mode"], ["use", "k"], ["missing", "key"], ["environment"]]) {
        expect(second.file.problem(at, "m")).toEqual(first.file.problem(at, "m"));
        expect(second.file.problem(at, "m", true)).toEqual(first.file.problem(at, "m", true));
      }
      expect(second.file.problem(["models", 0, "scaling", "mode"], "m")).toMatchObject({ line: 6, col: 13 });
    } finally {
      delete process.env["LLM_GITOPS_CACHE_DIR"];
    }
  });

  it("does not cache what JSON cannot carry: .inf and -0 come back as parsed", () => {
    process.env["LLM_GITOPS_CACHE_DIR"] = tempDir("llm-gitops-parse-cache-");
    try {
      const text = "a: .inf\nb: -0\n";
      SourceFile.parse("clusters/y.yaml", text);
      expect(SourceFile.parse("clusters/y.yaml", text).file.toJS()).toEqual({ a: Infinity, b: -0 });
    } finally {
      delete process.env["LLM_GITOPS_CACHE_DIR"];
    }
  });
});
