/** The generated tree (apps/, values/, dashboards/) as committed at a git revision, read with one `git cat-file --batch`. */
import { spawnSync } from "node:child_process";
import { UsageError } from "../errors.js";

export function treeAtRevision(repo: string, rev: string): Map<string, string> {
  const ls = spawnSync("git", ["ls-tree", "-r", "--name-only", rev, "--", "apps", "values", "dashboards"], { cwd: repo, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (ls.status !== 0) throw new UsageError(`diff --base ${rev}: ${ls.stderr.trim() || "not a git revision of this repository"}`);
  const paths = ls.stdout.split("\n").filter(Boolean);
  const out = new Map<string, string>();
  if (paths.length === 0) return out;
  const batch = spawnSync("git", ["cat-file", "--batch"], { cwd: repo, input: paths.map((p) => `${rev}:${p}`).join("\n") + "\n", maxBuffer: 512 * 1024 * 1024 });
  const buf = batch.stdout;
  let off = 0;
  for (const p of paths) {
    const nl = buf.indexOf(10, off);
    const header = buf.subarray(off, nl).toString("utf8");
    const size = Number(header.split(" ")[2]);
    out.set(p, buf.subarray(nl + 1, nl + 1 + size).toString("utf8"));
    off = nl + 1 + size + 1;
  }
  return out;
}
