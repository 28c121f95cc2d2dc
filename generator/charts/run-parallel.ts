/**
 * Runs several programs at once from synchronous code. Render is synchronous end to end, and helm renders one chart on
 * one core: a short-lived Node child starts the programs with a pool of one per core and hands back each one's exit
 * status and output, so a cluster's charts render on both cores.
 */
import { spawnSync } from "node:child_process";
import os from "node:os";

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
}
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The program could not be started (ENOENT, EACCES). */
  readonly error?: string;
}

const MAX_BUFFER = 256 * 1024 * 1024;

// The child's whole program: read the commands, run them with a bounded pool, print the results as JSON.
const RUNNER = `
const { execFile } = require("node:child_process");
let input = "";
process.stdin.setEncoding("utf8").on("data", (d) => (input += d)).on("end", async () => {
  const { commands, pool } = JSON.parse(input);
  const results = [];
  let next = 0;
  const one = (c) => new Promise((done) => execFile(c.file, c.args, { encoding: "utf8", maxBuffer: ${MAX_BUFFER} }, (err, stdout, stderr) => {
    const started = !err || typeof err.code === "number";
    done({ status: err ? (started ? err.code : null) : 0, stdout, stderr, ...(started ? {} : { error: err.message }) });
  }));
  const worker = async () => { while (next < commands.length) { const i = next++; results[i] = await one(commands[i]); } };
  await Promise.all(Array.from({ length: Math.min(pool, commands.length) }, worker));
  process.stdout.write(JSON.stringify(results));
});`;

function runOne(c: Command): CommandResult {
  const r = spawnSync(c.file, [...c.args], { encoding: "utf8", maxBuffer: MAX_BUFFER });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", ...(r.error ? { error: r.error.message } : {}) };
}

/** Each command's result, in order. A batch's output passes through memory at once: callers keep batches modest. */
export function runParallel(commands: readonly Command[], pool = os.availableParallelism()): CommandResult[] {
  if (commands.length <= 1 || pool <= 1) return commands.map(runOne);
  const r = spawnSync(process.execPath, ["-e", RUNNER], { input: JSON.stringify({ commands, pool }), encoding: "utf8", maxBuffer: 4 * MAX_BUFFER });
  if (r.status !== 0 || r.error) return commands.map(runOne); // the pool itself failed: same results, one at a time
  return JSON.parse(r.stdout) as CommandResult[];
}
