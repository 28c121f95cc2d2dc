/** What the zx entry points hand the cloud modules: the real OVH client, Kubernetes client, shell and clock. */
import { $ } from "zx";
import { kubeApi } from "../generator/cloud/kube.js";
import type { CloudDeps } from "../generator/cloud/bootstrap.js";
import { ovhApi } from "../generator/cloud/ovh-client.js";
import type { Progress } from "../generator/cloud/mks.js";

/** A live progress line on a terminal; elsewhere (CI logs) one line per change. */
export function progress(): Progress {
  let last = "";
  const tty = process.stderr.isTTY;
  return {
    line: (text) => {
      if (tty) process.stderr.write(`\r\x1b[2K${text}`);
      else if (text.replace(/\(\d+ s\)/, "") !== last.replace(/\(\d+ s\)/, "")) process.stderr.write(`${text}\n`);
      last = text;
    },
    done: (text) => {
      if (tty) process.stderr.write("\r\x1b[2K");
      process.stdout.write(`${text}\n`);
      last = "";
    },
  };
}

export function cloudDeps(): CloudDeps {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  return {
    env: process.env,
    ovh: (c, dryRun) => ovhApi(c, { dryRun, log }),
    kube: (kubeconfig, dryRun) => kubeApi(kubeconfig, { dryRun, log }),
    sh: async (command, args, options) => {
      const p = await $({ nothrow: true, quiet: true, ...(options?.cwd ? { cwd: options.cwd } : {}) })`${command} ${args}`;
      return { code: p.exitCode ?? 1, stdout: p.stdout, stderr: p.stderr };
    },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: () => Date.now(),
    log,
    progress: progress(),
    repoRoot: process.cwd(),
  };
}

/** Exit codes as the generator's: 2 bad input or a refusal, 1 a timeout or failed check; never a stack trace. */
export async function runCommand(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (e) {
    const err = e as Error & { exitCode?: number; problems?: unknown[] };
    process.stderr.write(`${err.name === "BootstrapError" || err.name === "InputError" || err.name === "OvhError" ? err.message : `${err.name}: ${err.message}`}\n`);
    process.exitCode = err.exitCode ?? (err.name === "InputError" ? 2 : 1);
  }
}
