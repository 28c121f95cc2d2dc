/**
 * The matrix refers to secrets by name; a value that is or looks like a credential is refused before anything else
 * reads the file, with how to provide it instead. Runs on the raw file, so it also catches a token pasted under an
 * unknown key.
 */
import type { InputProblem } from "../errors.js";
import { secretLeaves } from "../secrets/credential-patterns.js";
import type { SourceFile } from "./source-file.js";
import { dottedPath } from "./source-file.js";

const HOW =
  "secrets never go into clusters/: create the Secret on the cluster (the bootstrap, or `kubectl -n vllm create secret generic vllm-api-key --from-literal=api-key=...`, or an ExternalSecret / SealedSecret) and reference it under secrets.<name>: {name, key}";

export function literalSecrets(file: SourceFile): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const { path, found } of secretLeaves(file.toJS())) {
    const what = found.kind === "pattern" ? `holds what looks like ${found.what}` : "is a literal secret value";
    problems.push(file.problem(path, `${dottedPath(path)} ${what}: ${HOW}`));
  }
  return problems;
}
