/**
 * No secret material in the tree (apps/, values/, dashboards/): no Secret object with data, no private key, Bearer
 * token, JWT or known credential format anywhere, and no literal value under a key that holds a credential itself
 * (password, token, apiKey, ...). References such as `existingSecret: grafana-admin` or `secretKeyRef` pass.
 */
import type { Finding } from "../errors.js";
import type { RenderedDoc } from "../render/output-file.js";
import { dottedPath } from "../matrix/source-file.js";
import { secretMaterial, stringLeaves } from "../secrets/credential-patterns.js";

const hasEntries = (v: unknown) => !!v && typeof v === "object" && Object.keys(v).length > 0;

export function checkSecrets(docs: readonly RenderedDoc[]): Finding[] {
  const findings: Finding[] = [];
  const add = (path: string, message: string) => findings.push({ path, check: "secrets", message });
  for (const d of docs) {
    const data = d.data as Record<string, unknown> | null;
    if (!data || typeof data !== "object") continue;
    if (data["kind"] === "Secret" && (hasEntries(data["data"]) || hasEntries(data["stringData"]))) {
      add(d.path, "a Secret with data: secrets are created on the cluster (bootstrap, External Secrets, Sealed Secrets), never committed");
    }
    for (const leaf of stringLeaves(data)) {
      const found = secretMaterial(leaf.key, leaf.value);
      if (found) add(d.path, `${dottedPath(leaf.path)}: ${found.kind === "pattern" ? `looks like ${found.what}` : "a literal credential value (reference a Secret instead)"}`);
    }
  }
  return findings;
}
