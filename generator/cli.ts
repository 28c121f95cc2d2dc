#!/usr/bin/env node
/**
 * llm-gitops command line. Exit codes: 0 ok, 1 findings or drift, 2 bad input or usage.
 */
import { Command, CommanderError, Option } from "commander";
import { existsSync, realpathSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isMainThread, workerData } from "node:worker_threads";
import { runIfRenderWorker } from "./commands/parallel-render.js";
import { DuplicatePathError } from "./render/output-file.js";
import { EXIT, InputError, UsageError } from "./errors.js";
import { generate } from "./commands/generate.js";
import { DEFAULT_CLUSTERS, DEFAULT_OUT } from "./commands/options.js";
import { processIo, type Io } from "./commands/report.js";
import { validate } from "./commands/validate.js";
import { apiKey } from "./commands/api-key.js";

const requireDir = (flag: string) => (value: string) => {
  if (!existsSync(value) || !statSync(value).isDirectory()) throw new UsageError(`${flag} ${value}: no such directory`);
  return value;
};

/** `entry`: this module's file when running as a program (enables the render worker for large matrices). */
export function run(argv: readonly string[], io: Io = processIo, entry?: string): number {
  let code: number = EXIT.ok;
  const program = new Command("llm-gitops")
    .description("Render and validate the GitOps tree (Argo CD app-of-apps) for LLM inference on OVH MKS")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const schema = () => new Option("--schema-location <dir>", "strict JSON schema catalog in kubeconform layout").argParser(requireDir("--schema-location"));
  const charts = () => new Option("--chart-cache <dir>", "pinned chart defaults (<chart>/<version>/values.yaml) to check values keys").argParser(requireDir("--chart-cache"));

  program
    .command("generate")
    .description("render clusters/*.yaml into apps/, values/ and dashboards/, after every check passes")
    .option("--clusters <dir>", "environment matrix directory", DEFAULT_CLUSTERS)
    .option("--out <dir>", "root of the output tree", DEFAULT_OUT)
    .option("--check", "write nothing; exit 1 when the tree differs from what the matrix renders", false)
    .addOption(schema())
    .addOption(charts())
    .action((o) => {
      code = generate({ ...o, ...(entry ? { entry } : {}) }, io);
    });
  program
    .command("validate")
    .description("run every check over the generated tree on disk")
    .option("--out <dir>", "root of the output tree", DEFAULT_OUT)
    .addOption(schema())
    .addOption(charts())
    .action((o) => {
      code = validate(o, io);
    });

  program
    .command("api-key")
    .description("make a cluster's API key: the token goes to a file outside the repository, the public JWKS is printed for the matrix")
    .argument("<cluster>", "cluster name (clusters/<cluster>.yaml)")
    .option("--out <file>", "where to write the token (default ~/.config/llm-gitops/<cluster>.api-key)")
    .option("--force", "replace an existing key file", false)
    .action((cluster: string, o: { out?: string; force: boolean }) => {
      code = apiKey({ cluster, ...o }, io);
    });

  try {
    program.parse(argv as string[], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT.ok;
      return EXIT.badInput;
    }
    if (error instanceof InputError) {
      io.err(error.message);
      io.err(`${error.problems.length} problem(s) in the matrix; nothing was written`);
      return EXIT.badInput;
    }
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return EXIT.badInput;
    }
    if (error instanceof DuplicatePathError) {
      io.err(`internal error: ${error.message}`);
      return EXIT.findings;
    }
    throw error;
  }
}

/** Run when executed (node dist/llm-gitops.mjs, the bin link, or the unbundled cli.js), not when imported by tests. */
const invokedDirectly = (): boolean => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};
if (!isMainThread && runIfRenderWorker(workerData)) {
  // A render worker started by this same module for the second half of a large matrix: done.
} else if (invokedDirectly()) {
  process.exitCode = run(process.argv.slice(2), processIo, fileURLToPath(import.meta.url));
}
