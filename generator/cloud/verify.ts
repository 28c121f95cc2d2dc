/**
 * `npm run verify -- <cluster>`: the seed's "Verify the full stack", automated. A table of checks with pass/fail and
 * why: every Application Synced and Healthy; Prometheus has the vLLM and DCGM targets up (through the API server's
 * service proxy); each ScaledObject Ready; the Gateway Programmed and each certificate Ready; each model hostname
 * resolves to the Gateway address; an authenticated GET /v1/models answers 200 and an unauthenticated one is refused.
 */
import { ARGOCD_NAMESPACE } from "../catalog/argo-labels.js";
import { GATEWAY_NAME, GATEWAY_NAMESPACE } from "../plan/gateway-names.js";
import { VLLM_NAMESPACE } from "../plan/model-plan.js";
import { MONITORING_NAMESPACE, PROMETHEUS_SERVICE } from "../plan/prometheus-names.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { appStates } from "./applications-watch.js";
import type { KubeApi } from "./kube.js";

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerifyDeps {
  readonly kube: KubeApi;
  /** IPv4 addresses of a hostname (the real resolver, or a test's). */
  readonly resolve: (host: string) => Promise<string[]>;
  /** GET https://<host>/v1/models with optional headers: the status code. */
  readonly get: (host: string, path: string, headers: Record<string, string>) => Promise<number>;
}

const condition = (o: any, type: string) => (o?.status?.conditions ?? []).find((c: any) => c.type === type);

export async function verify(plan: ClusterPlan, d: VerifyDeps): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const apps = appStates(await d.kube.list("argoproj.io/v1alpha1", "Application", ARGOCD_NAMESPACE));
  const bad = apps.filter((a) => a.sync !== "Synced" || a.health !== "Healthy");
  add("Applications Synced and Healthy", apps.length > 0 && bad.length === 0, apps.length === 0 ? "no Applications in argocd" : bad.length ? bad.map((a) => `${a.name} ${a.sync}/${a.health}`).join(", ") : `${apps.length} Applications`);
  if (plan.observability.prometheus) {
    try {
      const targets = ((await d.kube.serviceProxy(MONITORING_NAMESPACE, `${PROMETHEUS_SERVICE}:9090`, "/api/v1/targets?state=active")) as any).data.activeTargets as any[];
      for (const [what, match] of [["vLLM", (t: any) => t.labels?.namespace === VLLM_NAMESPACE && /vllm/.test(t.labels?.service ?? t.labels?.job ?? "")], ["DCGM", (t: any) => /dcgm/.test(t.labels?.job ?? t.labels?.service ?? "")]] as const) {
        const found = targets.filter(match);
        const up = found.filter((t) => t.health === "up");
        const needsModel = what === "vLLM" && plan.models.every((m) => m.minReplicas === 0);
        add(`Prometheus scrapes ${what}`, up.length > 0 || (found.length === 0 && needsModel), found.length === 0 ? (needsModel ? "no target: every model is at zero replicas (scale to zero), nothing to scrape" : "no target") : `${up.length}/${found.length} up`);
      }
    } catch (e) {
      add("Prometheus targets", false, (e as Error).message);
    }
  }
  for (const m of plan.models) {
    const so = await d.kube.get("keda.sh/v1alpha1", "ScaledObject", `${m.workload}-scaler`, VLLM_NAMESPACE);
    const ready = condition(so, "Ready");
    add(`ScaledObject ${m.workload}-scaler Ready`, ready?.status === "True", so ? `${ready?.status ?? "no Ready condition"}${ready?.message ? `: ${ready.message}` : ""}` : "not found");
  }
  const gw = await d.kube.get("gateway.networking.k8s.io/v1", "Gateway", GATEWAY_NAME, GATEWAY_NAMESPACE);
  const programmed = condition(gw, "Programmed");
  const address: string | undefined = gw?.status?.addresses?.[0]?.value;
  add(`Gateway ${GATEWAY_NAME} Programmed`, programmed?.status === "True", gw ? `${programmed?.status ?? "no Programmed condition"}${address ? `, address ${address}` : ", no address"}` : "not found");
  if (plan.config.tls.enabled) {
    const certs = await d.kube.list("cert-manager.io/v1", "Certificate", GATEWAY_NAMESPACE);
    for (const m of plan.models) {
      const cert = certs.find((c) => c.spec?.secretName === `${m.name}-tls`);
      const ready = condition(cert, "Ready");
      add(`certificate for ${m.host} Ready`, ready?.status === "True", cert ? `${ready?.status ?? "no Ready condition"}${ready?.message ? `: ${ready.message}` : ""}` : "not issued yet (DNS must point at the Gateway first)");
    }
  }
  for (const m of plan.models) {
    let ips: string[] = [];
    try {
      ips = await d.resolve(m.host);
    } catch {
      // reported below
    }
    add(`${m.host} resolves to the Gateway`, !!address && ips.includes(address), ips.length ? `${ips.join(", ")}${address ? ` (Gateway ${address})` : ""}` : "does not resolve");
  }
  const apiKeySecret = plan.config.auth.mode === "api-key" ? await d.kube.get("v1", "Secret", plan.config.secrets.apiKey.name, VLLM_NAMESPACE) : undefined;
  const raw = apiKeySecret?.data?.[plan.config.secrets.apiKey.key];
  const key = raw ? Buffer.from(raw, "base64").toString() : undefined;
  for (const m of plan.models) {
    try {
      if (key) {
        const status = await d.get(m.host, "/v1/models", { authorization: `Bearer ${key}` });
        add(`GET ${m.host}/v1/models with the API key`, status === 200, `HTTP ${status}`);
      } else add(`GET ${m.host}/v1/models with the API key`, false, plan.config.auth.mode === "jwt" ? "jwt mode: verify with a token from your identity provider" : "the API key Secret is missing");
      const anonymous = await d.get(m.host, "/v1/models", {});
      add(`GET ${m.host}/v1/models without credentials is refused`, anonymous === 401 || anonymous === 403, `HTTP ${anonymous}`);
    } catch (e) {
      add(`GET ${m.host}/v1/models`, false, (e as Error).message);
    }
  }
  return checks;
}

export function checksTable(checks: readonly Check[]): string[] {
  const width = Math.max(...checks.map((c) => c.name.length));
  return [...checks.map((c) => `${c.ok ? "pass" : "FAIL"}  ${c.name.padEnd(width)}  ${c.detail}`), `verify: ${checks.filter((c) => c.ok).length} of ${checks.length} checks pass`];
}
