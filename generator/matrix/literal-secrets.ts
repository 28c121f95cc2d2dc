/**
 * The matrix refers to secrets by name; a value that is or looks like a credential is refused before anything else
 * reads the file, with how to provide it instead. Runs on the raw file, so it also catches a token pasted under an
 * unknown key.
 */
import type { InputProblem } from "../errors.js";
import { SECRET_VALUE_KEYS, credentialIn, stringLeaves } from "../secrets/credential-patterns.js";
import type { SourceFile } from "./source-file.js";

const HOW =
  "secrets never go into clusters/: create the Secret on the cluster (the bootstrap, or `kubectl -n vllm create secret generic vllm-api-key --from-literal=api-key=...`, or an ExternalSecret / SealedSecret) and reference it under secrets.<name>: {name, key}";

const dotted = (path: readonly (string | number)[]) =>
  path.reduce<string>((acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");

export function literalSecrets(file: SourceFile): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const leaf of stringLeaves(file.toJS())) {
    const what = credentialIn(leaf.value);
    const byKey = typeof leaf.key === "string" && SECRET_VALUE_KEYS.has(leaf.key.toLowerCase()) && leaf.value.length > 0;
    if (what) problems.push(file.problem(leaf.path, `${dotted(leaf.path)} holds what looks like ${what}: ${HOW}`));
    else if (byKey) problems.push(file.problem(leaf.path, `${dotted(leaf.path)} is a literal secret value: ${HOW}`));
  }
  return problems;
}
