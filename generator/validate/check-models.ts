/** Validation layer 2: every object through its @kubernetes-models class (types, required fields, enums, formats). */
import type { Finding } from "../errors.js";
import type { KubeDoc } from "./kube-docs.js";
import { MODELS, SCHEMA_ONLY } from "./model-registry.js";

/** Object texts that passed in this process: a repeat passes again. */
const passed = new Set<string>();

export function checkModels(docs: readonly KubeDoc[]): Finding[] {
  const findings: Finding[] = [];
  for (const doc of docs) {
    if (doc.text !== undefined && passed.has(doc.text)) continue;
    const key = `${doc.apiVersion}/${doc.kind}`;
    const Model = MODELS.get(key);
    if (!Model) {
      if (!SCHEMA_ONLY.has(key)) findings.push({ path: doc.path, check: "models", message: `no @kubernetes-models class for ${key}: add it to the model registry` });
      continue;
    }
    try {
      // The model's validate() checks `this`: run it on the plain object itself. Constructing the model first would
      // only deep-copy it (dropping undefined fields, which parsed or serialised data does not have).
      Model.prototype.validate.call(doc.data);
      if (doc.text !== undefined) passed.add(doc.text);
    } catch (error) {
      findings.push({ path: doc.path, check: "models", message: `${doc.kind} ${doc.name}: ${(error as Error).message}` });
    }
  }
  return findings;
}
