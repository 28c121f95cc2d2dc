/**
 * No secret material in the tree (apps/, values/, dashboards/): no Secret object with data, no private key, Bearer
 * token, JWT or known credential format anywhere, and no literal value under a key that holds a credential itself
 * (password, token, apiKey, ...). References such as `existingSecret: grafana-admin` or `secretKeyRef` pass.
 */
import type { Finding } from "../errors.js";
import type { RenderedDoc } from "../render/output-file.js";
import { SECRET_VALUE_KEYS, credentialIn, stringLeaves } from "../secrets/credential-patterns.js";

const dotted = (path: readonly (string | number)[]) =>
  path.reduce<string>((acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");

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
      const what = credentialIn(leaf.value);
      if (what) add(d.path, `${dotted(leaf.path)}: looks like ${what}`);
      else if (typeof leaf.key === "string" && SECRET_VALUE_KEYS.has(leaf.key.toLowerCase()) && leaf.value.length > 0) {
        add(d.path, `${dotted(leaf.path)}: a literal credential value (reference a Secret instead)`);
      }
    }
  }
  return findings;
}
