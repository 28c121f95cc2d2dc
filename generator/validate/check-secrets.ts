/**
 * No secret material in the tree (apps/, values/, dashboards/): no Secret object with data, no private key, Bearer
 * token, JWT or known credential format anywhere, and no literal value under a key that holds a credential itself
 * (password, token, apiKey, ...). References such as `existingSecret: grafana-admin` or `secretKeyRef` pass.
 */
import type { Finding } from "../errors.js";
import type { RenderedDoc } from "../render/output-file.js";
import { dottedPath } from "../matrix/source-file.js";
import { secretLeaves } from "../secrets/credential-patterns.js";

const hasEntries = (v: unknown) => !!v && typeof v === "object" && Object.keys(v).length > 0;

/** Object texts found clean in this process: a repeat is clean too. */
const clean = new Set<string>();

export function checkSecrets(docs: readonly RenderedDoc[]): Finding[] {
  const findings: Finding[] = [];
  const add = (path: string, message: string) => findings.push({ path, check: "secrets", message });
  for (const d of docs) {
    if (d.text !== undefined && clean.has(d.text)) continue;
    const before = findings.length;
    const data = d.data;
    if (data === null || data === undefined) continue;
    const object = typeof data === "object" ? (data as Record<string, unknown>) : undefined;
    if (object?.["kind"] === "Secret" && (hasEntries(object["data"]) || hasEntries(object["stringData"]))) {
      add(d.path, "a Secret with data: secrets are created on the cluster (bootstrap, External Secrets, Sealed Secrets), never committed");
    }
    // Markdown files are one string (path []): the finding names the file only.
    for (const { path, found } of secretLeaves(data)) {
      const where = path.length > 0 ? `${dottedPath(path)}: ` : "";
      add(d.path, `${where}${found.kind === "pattern" ? `looks like ${found.what}` : "a literal credential value (reference a Secret instead)"}`);
    }
    if (d.text !== undefined && findings.length === before) clean.add(d.text);
  }
  return findings;
}
