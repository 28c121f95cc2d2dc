import type { InputProblem } from "../errors.js";
import type { DataPath, SourceFile } from "./source-file.js";

/**
 * Where a merged cluster value came from: the cluster's own file wins, then defaults.yaml; a value that exists in
 * neither (a missing key) is reported at the nearest place in the cluster file.
 */
export class ClusterSource {
  constructor(
    readonly cluster: SourceFile,
    readonly defaults: SourceFile | undefined,
  ) {}

  problem(path: DataPath, message: string, atKey = false): InputProblem {
    if (this.cluster.has(path) || !this.defaults?.has(path)) return this.cluster.problem(path, message, atKey);
    return this.defaults.problem(path, message, atKey);
  }
}
