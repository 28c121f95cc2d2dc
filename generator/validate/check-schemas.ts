/** Strict schema validation of every object: unknown or misspelled fields are rejected here, not on a cluster. */
import type { Finding } from "../errors.js";
import type { KubeDoc } from "./kube-docs.js";
import { schemaValidator } from "./schema-catalog.js";

/** Object texts that passed in this process, by catalog: a repeat passes again. */
const passedBy = new Map<string, Set<string>>();

export function checkSchemas(docs: readonly KubeDoc[], schemaDir: string): Finding[] {
  const findings: Finding[] = [];
  let passed = passedBy.get(schemaDir);
  if (!passed) passedBy.set(schemaDir, (passed = new Set()));
  for (const doc of docs) {
    const key = doc.text;
    if (key !== undefined && passed.has(key)) continue;
    const found = schemaValidator(schemaDir, doc.apiVersion, doc.kind);
    if (!found) {
      findings.push({ path: doc.path, check: "schema", message: `no schema for ${doc.apiVersion} ${doc.kind} in ${schemaDir} (kubeconform layout)` });
      continue;
    }
    if (found.validate(doc.data)) {
      if (key !== undefined) passed.add(key);
      continue;
    }
    for (const e of found.validate.errors ?? []) {
      const extra = e.keyword === "additionalProperties" ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : "";
      findings.push({ path: doc.path, check: "schema", message: `${doc.kind} ${doc.name}: ${e.instancePath || "/"} ${e.message ?? "invalid"}${extra}` });
    }
  }
  return findings;
}
