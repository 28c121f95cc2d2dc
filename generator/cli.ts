#!/usr/bin/env node
/**
 * llm-gitops command line. Exit codes: 0 ok, 1 findings or drift, 2 bad input or usage.
 */
import { Command, CommanderError, Option } from "commander";
import { existsSync, realpathSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DuplicatePathError } from "./render/output-file.js";
import { EXIT, InputError, UsageError } from "./errors.js";
import { generate } from "./commands/generate.js";
import type { Program } from "./commands/program.js";
import { DEFAULT_CLUSTERS, DEFAULT_OUT } from "./commands/options.js";
import { processIo, type Io } from "./commands/report.js";
import { validate } from "./commands/validate.js";
import { apiKey } from "./commands/api-key.js";
import { planCommand } from "./commands/plan.js";
import { simulateCommand } from "./commands/simulate.js";
import { chartsPull } from "./commands/charts-pull.js";
import { diffCommand } from "./commands/diff.js";

const requireDir = (flag: string) => (value: string) => {
  if (!existsSync(value) || !statSync(value).isDirectory()) throw new UsageError(`${flag} ${value}: no such directory`);
  return value;
};

/** The exit code for an error a command threw: located input problems and usage errors are 2, never a stack trace. */
function exitFor(error: unknown, io: Io): number {
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

/**
 * `launched`: set when running as a program (launcher.ts): the build's hash (enables generate's per-cluster run memo)
 * and the memo the launcher opened. Commands that talk to the network (charts pull) return a promise; every other
 * command its exit code.
 */
export function run(argv: readonly string[], io?: Io, launched?: Program): number;
export function run(argv: readonly string[], io: Io, launched: Program | undefined, allowAsync: true): number | Promise<number>;
export function run(argv: readonly string[], io: Io = processIo, launched?: Program, allowAsync = false): number | Promise<number> {
  let code: number = EXIT.ok;
  let pending: Promise<number> | undefined;
  const program = new Command("llm-gitops")
    .description("Render and validate the GitOps tree (Argo CD app-of-apps) for LLM inference on OVH MKS")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const schema = () => new Option("--schema-location <dir>", "strict JSON schema catalog in kubeconform layout").argParser(requireDir("--schema-location"));
  const charts = () => new Option("--chart-cache <dir>", "pinned chart defaults and archives (<chart>/<version>/values.yaml, <chart>-<version>.tgz)").argParser(requireDir("--chart-cache"));
  const renderFlag = () => new Option("--render", "render every chart as Argo CD's repo-server would (helm template, kustomize) and validate what it renders").default(false);
  const helmFlag = () => new Option("--helm <path>", "helm binary (default .tools/helm/helm or helm on PATH)");

  program
    .command("generate")
    .description("render clusters/*.yaml into apps/, values/ and dashboards/, after every check passes")
    .option("--clusters <dir>", "environment matrix directory", DEFAULT_CLUSTERS)
    .option("--out <dir>", "root of the output tree", DEFAULT_OUT)
    .option("--check", "write nothing; exit 1 when the tree differs from what the matrix renders", false)
    .addOption(schema())
    .addOption(charts())
    .addOption(renderFlag())
    .addOption(helmFlag())
    .action((o) => {
      code = generate({ ...o, ...(launched ? { program: launched } : {}) }, io);
    });
  program
    .command("validate")
    .description("run every check over the generated tree on disk")
    .option("--out <dir>", "root of the output tree", DEFAULT_OUT)
    .addOption(schema())
    .addOption(charts())
    .addOption(renderFlag())
    .addOption(helmFlag())
    .action((o) => {
      code = validate(o, io);
    });

  program
    .command("plan")
    .description("every number before you merge: layers and pins, fit, cold start by step, timeouts, monthly cost per usage profile")
    .argument("[clusters...]", "cluster names (default: all)")
    .option("--clusters <dir>", "environment matrix directory", DEFAULT_CLUSTERS)
    .option("--json", "machine-readable output", false)
    .action((names: string[], o: { clusters: string; json: boolean }) => {
      code = planCommand({ names, ...o }, io);
    });
  program
    .command("simulate")
    .description("replay a request trace against a cluster's rendered scaling: waits, 503s, timeouts, scale-in cuts, GPU hours and cost")
    .argument("<cluster>", "cluster name")
    .requiredOption("--trace <file>", "JSON lines or CSV: t and durationSeconds, or t, promptTokens and outputTokens")
    .option("--clusters <dir>", "environment matrix directory", DEFAULT_CLUSTERS)
    .option("--model <name>", "only this model")
    .option("--json", "machine-readable output", false)
    .option("--plot <file.svg>", "write an SVG of replicas, nodes, queue and outcomes")
    .option("--duration <seconds>", "run this long after the last arrival (default: until the model is idle again)")
    .option("--start <when>", "wall time of t=0 in the schedule's time zone (YYYY-MM-DDTHH:MM) or an ISO instant (default 2027-01-11T00:00)")
    .option("--retry-for <seconds>", "clients retry a 503 with backoff for this long (default: a first cold start)")
    .option("--no-retry", "clients do not retry a 503")
    .option("--fresh-volumes", "no replica has served before: every start downloads the weights and compiles (default: replica 0 has)", false)
    .option("--prefill-tps <n>", "prompt tokens per second per request (EST default 2000)")
    .option("--decode-tps <n>", "output tokens per second per request (EST default 30)")
    .action((cluster: string, o: Omit<Parameters<typeof simulateCommand>[0], "cluster">) => {
      code = simulateCommand({ cluster, ...o }, io);
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

  program
    .command("diff")
    .description("what a change does to the clusters: objects added, removed and changed per cluster and Application against a git revision, risky changes first")
    .requiredOption("--base <rev>", "git revision to compare with (the pull request's base)")
    .option("--out <dir>", "root of the output tree (a git checkout)", DEFAULT_OUT)
    .option("--format <format>", "markdown (for a pull request) or json", "markdown")
    .addOption(charts())
    .addOption(renderFlag())
    .addOption(helmFlag())
    .action((o) => {
      code = diffCommand(o, io);
    });
  const chartsCommand = program.command("charts").description("the chart cache");
  chartsCommand
    .command("pull")
    .description("download the pinned chart archives into the chart cache, checking each digest against the repository index")
    .option("--chart-cache <dir>", "where to put them", ".charts")
    .option("--clusters <dir>", "environment matrix directory (its chart overrides are pulled too)", DEFAULT_CLUSTERS)
    .option("--only <charts...>", "only these charts")
    .option("--repo <chart=url...>", "fetch a chart from this repository instead (a mirror)")
    .action((o: { chartCache: string; clusters: string; only?: string[]; repo?: string[] }) => {
      if (!allowAsync) throw new UsageError("charts pull needs the network: run it as a program");
      pending = chartsPull({ chartCache: o.chartCache, clusters: o.clusters, only: o.only ?? [], repo: o.repo ?? [] }, io).catch((e) => exitFor(e, io));
    });

  try {
    program.parse(argv as string[], { from: "user" });
    return pending ?? code;
  } catch (error) {
    return exitFor(error, io);
  }
}

/** Run when executed as the unbundled cli.js (the program is launcher.ts), not when imported by tests or the launcher. */
const invokedDirectly = (): boolean => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};
if (invokedDirectly()) {
  void Promise.resolve(run(process.argv.slice(2), processIo, undefined, true)).then((c) => (process.exitCode = c));
}
