/** Defaults shared by the commands: the repository's clusters/ and root, resolved from the working directory. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.js";

export interface CommonOptions {
  readonly out: string;
  readonly schemaLocation?: string;
  readonly chartCache?: string;
  /** Render every chart as Argo CD would (validate --render, generate --render). */
  readonly render?: boolean;
  readonly helm?: string;
}

export const DEFAULT_CLUSTERS = "clusters";
export const DEFAULT_OUT = ".";

export const resolveDir = (dir: string): string => path.resolve(process.cwd(), dir);

/** The helm scripts/install-helm.sh put in .tools/ of this package (found from this module, wherever it is run). */
function projectHelm(): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, ".tools", "helm", "helm");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** helm from --helm, the project's .tools/helm (scripts/install-helm.sh), or PATH; kubectl from PATH. */
export function renderTools(o: CommonOptions): { helm: string; kubectl: string } | undefined {
  if (!o.render) return undefined;
  if (!o.chartCache) throw new UsageError("--render needs --chart-cache DIR (the pinned chart archives; npm run charts -- pull fills one)");
  return { helm: o.helm ?? projectHelm() ?? "helm", kubectl: "kubectl" };
}
