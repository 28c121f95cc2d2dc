/** promtool (Debian's prometheus 2.42, installed by scripts/install-promtool.sh into .tools/) for rule unit tests. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { findOnPath } from "../generator/validate/kubeconform.js";
import { ROOT } from "./helpers.js";

const local = path.join(ROOT, ".tools", "prometheus", "usr", "bin", "promtool");
export const PROMTOOL: string | undefined = existsSync(local) ? local : findOnPath("promtool");
export const PROMTOOL_SKIP = "skipped: promtool not installed (run `bash scripts/install-promtool.sh`; CI does)";
if (!PROMTOOL && process.env["CI"]) throw new Error("CI=true but promtool is missing: .ci/run must install it");

export function promtool(...args: string[]): { code: number; output: string } {
  const run = spawnSync(PROMTOOL!, args, { encoding: "utf8" });
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}
