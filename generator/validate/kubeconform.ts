/**
 * Optional extra: when a `kubeconform` binary is on PATH, run it over the same catalog, strict. Its findings join ours.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Finding } from "../errors.js";

export function findOnPath(binary: string, envPath = process.env["PATH"] ?? ""): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export const kubeconformArgs = (schemaDir: string, files: readonly string[]): string[] => [
  "-strict",
  "-summary",
  "-output",
  "json",
  "-schema-location",
  `${schemaDir}/kubernetes/{{.ResourceKind}}{{.KindSuffix}}.json`,
  "-schema-location",
  `${schemaDir}/crds-pinned/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`,
  "-schema-location",
  `${schemaDir}/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`,
  ...files,
];

interface KubeconformResult {
  readonly filename: string;
  readonly kind: string;
  readonly name: string;
  readonly status: string;
  readonly msg: string;
}

/** Runs kubeconform over files below `root` (given root-relative); returns undefined when it is not installed. */
export function runKubeconform(root: string, files: readonly string[], schemaDir: string): Finding[] | undefined {
  const binary = findOnPath("kubeconform");
  if (!binary) return undefined;
  const run = spawnSync(binary, kubeconformArgs(path.resolve(schemaDir), files), { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error) return [{ path: ".", check: "kubeconform", message: `could not run ${binary}: ${run.error.message}` }];
  let parsed: { resources?: KubeconformResult[] };
  try {
    parsed = JSON.parse(run.stdout) as { resources?: KubeconformResult[] };
  } catch {
    return run.status === 0 ? [] : [{ path: ".", check: "kubeconform", message: `exit ${run.status}: ${run.stderr.trim() || run.stdout.trim()}` }];
  }
  return (parsed.resources ?? [])
    .filter((r) => r.status === "statusInvalid" || r.status === "statusError")
    .map((r) => ({ path: r.filename, check: "kubeconform", message: `${r.kind} ${r.name}: ${r.msg}` }));
}
