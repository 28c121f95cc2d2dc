/**
 * The namespaces and Secrets the tree refers to, created on the cluster and never printed: the vLLM API key (the token
 * `npm run api-key` wrote, checked against the matrix's JWKS before it is used), the Hugging Face token from HF_TOKEN
 * (required for a gated model), a generated Grafana admin password, and the Alertmanager credentials from the
 * environment. An existing Secret is never overwritten; with `secrets.createdBy: external` they are only checked.
 */
import { createPublicKey, randomBytes, verify, type JsonWebKey } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { defaultApiKeyPath } from "../secrets/api-key.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { MONITORING_NAMESPACE } from "../plan/prometheus-names.js";
import { VLLM_NAMESPACE } from "../plan/model-plan.js";
import { ARGOCD_NAMESPACE } from "../catalog/argo-labels.js";
import type { KubeApi } from "./kube.js";
import { BootstrapError } from "./mks.js";

interface WantedSecret {
  readonly namespace: string;
  readonly name: string;
  /** Keys and how to get their values (called only when the Secret does not exist yet). */
  readonly data: () => Record<string, string>;
  readonly what: string;
}

/** The API key token, verified against the JWKS the Gateway will check it with. */
export function apiKeyToken(plan: ClusterPlan, env: NodeJS.ProcessEnv): string {
  const file = env["LLM_GITOPS_API_KEY_FILE"] ?? defaultApiKeyPath(plan.name);
  if (!existsSync(file)) throw new BootstrapError(`the API key for ${plan.name} is not in ${file}: run \`npm run api-key -- ${plan.name}\` (or set LLM_GITOPS_API_KEY_FILE), commit the JWKS it prints, then run the bootstrap again`);
  const token = readFileSync(file, "utf8").trim();
  const [header, payload, signature] = token.split(".");
  const jwks = JSON.parse(plan.config.auth.apiKey!.jwks) as { keys: (JsonWebKey & { kid?: string })[] };
  const kid = header ? (JSON.parse(Buffer.from(header, "base64url").toString()) as { kid?: string }).kid : undefined;
  const key = jwks.keys.find((k) => k.kid === kid) ?? jwks.keys[0];
  const ok = !!(payload && signature && key) && verify("sha256", Buffer.from(`${header}.${payload}`), createPublicKey({ key, format: "jwk" }), Buffer.from(signature, "base64url"));
  if (!ok) throw new BootstrapError(`the API key in ${file} does not verify against auth.apiKey.jwks of clusters/${plan.name}.yaml: the Gateway would refuse it; run \`npm run api-key -- ${plan.name} --force\` and commit the new JWKS`);
  return token;
}

function wantedSecrets(plan: ClusterPlan, env: NodeJS.ProcessEnv): WantedSecret[] {
  const { apiKey, hfToken, grafanaAdmin } = plan.config.secrets;
  const gated = plan.models.filter((m) => m.spec.gated).map((m) => m.spec.huggingFaceRepo);
  const out: WantedSecret[] = [];
  if (plan.config.auth.mode === "api-key") out.push({ namespace: VLLM_NAMESPACE, name: apiKey.name, what: "vLLM API key", data: () => ({ [apiKey.key]: apiKeyToken(plan, env) }) });
  if (gated.length > 0 || env["HF_TOKEN"]) {
    out.push({
      namespace: VLLM_NAMESPACE,
      name: hfToken.name,
      what: "Hugging Face token",
      data: () => {
        if (!env["HF_TOKEN"]) throw new BootstrapError(`${gated.join(", ")} ${gated.length > 1 ? "are" : "is"} gated: set HF_TOKEN to a Hugging Face token whose account accepted the licence`);
        return { [hfToken.key]: env["HF_TOKEN"] };
      },
    });
  }
  if (plan.observability.prometheus) out.push({ namespace: MONITORING_NAMESPACE, name: grafanaAdmin.name, what: "Grafana admin login", data: () => ({ "admin-user": "admin", [grafanaAdmin.key]: randomBytes(18).toString("base64url") }) });
  for (const s of plan.alertingSecrets) {
    const variable = `ALERT_${s.key.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
    out.push({
      namespace: MONITORING_NAMESPACE,
      name: s.name,
      what: s.what,
      data: () => {
        if (!env[variable]) throw new BootstrapError(`Secret ${MONITORING_NAMESPACE}/${s.name} (${s.what}) does not exist: set ${variable} or create it yourself`);
        return { [s.key]: env[variable]! };
      },
    });
  }
  return out;
}

export const NAMESPACES = (plan: ClusterPlan) => [ARGOCD_NAMESPACE, VLLM_NAMESPACE, ...(plan.observability.prometheus ? [MONITORING_NAMESPACE] : [])];

export async function ensureSecrets(kube: KubeApi, plan: ClusterPlan, env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<void> {
  for (const ns of NAMESPACES(plan)) {
    if (await kube.get("v1", "Namespace", ns)) continue;
    log(`namespace ${ns}: creating`);
    await kube.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  }
  const external = plan.config.secrets.createdBy === "external";
  const missing: string[] = [];
  for (const s of wantedSecrets(plan, env)) {
    if (await kube.get("v1", "Secret", s.name, s.namespace)) {
      log(`Secret ${s.namespace}/${s.name} (${s.what}): exists, left as it is`);
      continue;
    }
    if (external) {
      missing.push(`${s.namespace}/${s.name} (${s.what})`);
      continue;
    }
    log(`Secret ${s.namespace}/${s.name} (${s.what}): creating`);
    await kube.apply({ apiVersion: "v1", kind: "Secret", metadata: { name: s.name, namespace: s.namespace, labels: { "app.kubernetes.io/managed-by": "llm-gitops-bootstrap" } }, type: "Opaque", stringData: s.data() });
  }
  if (missing.length > 0) throw new BootstrapError(`secrets.createdBy is external, but these Secrets do not exist yet: ${missing.join(", ")}; let your External Secrets / Sealed Secrets setup create them, then run the bootstrap again`);
}
