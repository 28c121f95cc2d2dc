/** promtool (Debian's prometheus 2.42, installed by scripts/install-promtool.sh into .tools/) for rule unit tests. */
import { spawnSync } from "node:child_process";
import { prometheusTool } from "./helpers.js";

const tool = prometheusTool("promtool");
export const PROMTOOL: string | undefined = tool.path;
export const PROMTOOL_SKIP = tool.skip;

export function promtool(...args: string[]): { code: number; output: string } {
  const run = spawnSync(PROMTOOL!, args, { encoding: "utf8" });
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}
