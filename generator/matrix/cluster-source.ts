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

  /** `inCluster`: a missing key belongs to the cluster file even when defaults.yaml has its parent. */
  problem(path: DataPath, message: string, atKey = false, inCluster = false): InputProblem {
    if (inCluster || this.cluster.has(path) || !this.defaults?.has(path)) return this.cluster.problem(path, message, atKey);
    return this.defaults.problem(path, message, atKey);
  }
}
