/** The pool that lets synchronous render code run helm on every core: order, exit codes and start failures kept. */
import { describe, expect, it } from "vitest";
import { runParallel } from "../generator/charts/run-parallel.js";

describe("runParallel", () => {
  it("returns each command's status and output in the order given, whatever order they finish in", () => {
    const results = runParallel(
      [
        { file: "sh", args: ["-c", "sleep 0.3; echo slow"] },
        { file: "sh", args: ["-c", "echo fast; echo oops >&2; exit 3"] },
        { file: "sh", args: ["-c", "printf 'two\\nlines'"] },
      ],
      2,
    );
    expect(results.map((r) => [r.status, r.stdout, r.stderr])).toEqual([
      [0, "slow\n", ""],
      [3, "fast\n", "oops\n"],
      [0, "two\nlines", ""],
    ]);
  });

  it("reports a program that cannot be started instead of throwing", () => {
    const [missing, ok] = runParallel([{ file: "/nonexistent/helm", args: ["template"] }, { file: "true", args: [] }], 2);
    expect(missing!.status).toBeNull();
    expect(missing!.error).toMatch(/ENOENT/);
    expect(ok!.status).toBe(0);
  });

  it("runs one command without a pool and gives the same shape of result", () => {
    expect(runParallel([{ file: "sh", args: ["-c", "echo one"] }])).toEqual([{ status: 0, stdout: "one\n", stderr: "" }]);
  });
});
