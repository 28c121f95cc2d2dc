/**
 * apps/<cluster>/README.md: what the cluster runs and every number behind it — waves, capacity and price, the GPU pool
 * contract, fit, scaling, cold start by step and the timeouts derived from it, cost, alerts — plus the Secrets to
 * create and how to reach the internal UIs. Pure: built from the plan and the rendered Applications.
 */
import Handlebars from "handlebars";
import { supportsShutdownTimeout } from "../catalog/vllm.js";
import { HTTP_ADDON } from "../plan/keda-names.js";
import { GRAFANA_SERVICE, MONITORING_NAMESPACE, PROMETHEUS_SERVICE } from "../plan/prometheus-names.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import { behaviour, eur, nodePrice, warmHoursPerMonth } from "../plan/scaling-summary.js";
import { ARGOCD_NAMESPACE } from "../catalog/argo-labels.js";
import { markerText } from "../render/marker.js";
import { CLUSTER_README_TEMPLATE, README_COMPILE_OPTIONS } from "./cluster-readme-template.js";
import { precompiled } from "./cluster-readme-precompiled.js";

/** The bundle carries the template precompiled (scripts/bundle.ts); unbundled it is compiled on first use. */
const render: Handlebars.TemplateDelegate = precompiled ? Handlebars.template(precompiled as Parameters<typeof Handlebars.template>[0]) : Handlebars.compile(CLUSTER_README_TEMPLATE, README_COMPILE_OPTIONS);
const g = (n: number) => n.toFixed(1);
/** Where `npm run api-key` keeps a cluster's key (outside the repository). */
export const apiKeyFile = (cluster: string): string => `$HOME/.config/llm-gitops/${cluster}.api-key`;

function activeWhile(plan: ClusterPlan, m: ModelPlan): string {
  const s = m.scaling;
  const parts = [`more than 0 requests wait`];
  if (m.mode === "warm") return `always (${m.minReplicas} replica(s) minimum)`;
  parts.push("vLLM runs a request");
  if (plan.observability.prometheus) parts.push(`a pod is starting (for up to ${m.timeouts.readinessSeconds} s)`);
  if (m.mode === "none" || m.mode === "schedule") parts.push(`the gateway passed the model an authorised request within the last ${m.timeouts.trafficWindowSeconds} s`);
  if (m.mode === "http-addon") parts.push("the HTTP add-on holds or proxies a request");
  if (m.mode === "schedule") parts.push(`business hours (${s.schedule!.start}-${s.schedule!.end} ${s.schedule!.timezone})`);
  return parts.join("; ");
}

/** What the README reads from the rendered Applications: the waves, and the alerts that watch each model. */
export interface RenderedFacts {
  readonly waves: readonly { readonly wave: number; readonly apps: readonly string[] }[];
  /** Alert names by model name, and the cluster-wide ones. */
  readonly alerts: { readonly byModel: Readonly<Record<string, readonly string[]>>; readonly cluster: readonly string[] };
}

function modelData(plan: ClusterPlan, m: ModelPlan, facts: RenderedFacts) {
  const s = m.scaling;
  const flavor = plan.gpuPool.flavor;
  const f = m.fit;
  const warm = warmHoursPerMonth(m);
  const price = nodePrice(plan);
  const calendar = s.schedule?.holidays ? m.calendar : undefined;
  const alerts = [...(facts.alerts.byModel[m.name] ?? []), ...facts.alerts.cluster];
  const t = m.timeouts;
  return {
    name: m.name,
    repo: m.spec.huggingFaceRepo,
    vllmVersion: m.vllmVersion,
    endpoint: `${plan.config.tls.enabled ? "https" : "http"}://${m.host}/v1`,
    authHint:
      plan.config.auth.mode === "jwt"
        ? `send \`Authorization: Bearer <JWT from ${plan.config.auth.jwt!.issuer}>\``
        : `send \`Authorization: Bearer <the API key in Secret ${plan.config.secrets.apiKey.name}>\`; the Gateway verifies it, anything else gets 401/403 and never reaches a GPU`,
    maxModelLen: m.maxModelLen,
    gpus: m.gpus,
    vramGiB: flavor.vramGiB,
    gpuMemoryUtilization: m.gpuMemoryUtilization,
    fit: { weightsGiB: g(f.weightsGiB), kvGiB: g(f.kvGiB), needGiB: g(f.needGiB), usableGiB: g(f.usableGiB), maxFittingLen: f.maxFittingLen },
    architectureNotes: m.architecture.notes,
    mode: m.mode,
    minReplicas: m.minReplicas,
    maxReplicas: s.maxReplicas,
    queueThreshold: s.queueThreshold,
    pollingInterval: s.pollingInterval,
    scaleUpPeriod: t.scaleUpPeriodSeconds,
    cooldownPeriod: s.cooldownPeriod,
    behaviour: behaviour(m).replace(/^./, (c) => c.toUpperCase()),
    activeWhile: activeWhile(plan, m),
    cost:
      warm > 0
        ? `at least ${Math.round(warm)} node-hours a month kept warm ≈ ${eur(warm * price)}/month, plus ${eur(price)} per extra replica-hour`
        : `nothing while idle (the GPU node is released by the autoscaler); ${eur(price)} per replica-hour while serving`,
    newNode: m.coldStart.newNode,
    coldStartSeconds: m.coldStart.totalSeconds,
    firstStartSeconds: m.coldStart.firstStartSeconds,
    coldStartSteps: m.coldStart.steps,
    cacheNote: m.cache.volume === "per-replica" ? ` (${m.cache.sizeGiB} GiB ${m.cache.storageClass}, kept when the replica is scaled away)` : ` (one shared ${m.cache.sizeGiB} GiB volume)`,
    startupBudgetSeconds: t.startupProbeSeconds,
    routeTimeoutSeconds: t.routeSeconds,
    readinessTimeoutSeconds: m.mode === "http-addon" ? t.readinessSeconds : 0,
    warmupLeadSeconds: m.mode === "schedule" ? t.warmupLeadSeconds : 0,
    retryForSeconds: m.mode === "none" || m.mode === "schedule" ? t.clientRetrySeconds : 0,
    preStopSeconds: t.preStopSeconds,
    shutdownSeconds: supportsShutdownTimeout(m.vllmVersion) ? t.shutdownSeconds : t.terminationGraceSeconds - t.preStopSeconds,
    terminationGraceSeconds: t.terminationGraceSeconds,
    alerts: alerts.length > 0 ? alerts : ["(none rendered: SigNoz backend)"],
    holidays: calendar ? calendar.months.flatMap((mo) => mo.holidays.map((h) => `${h.date} ${h.name}`)).join("; ") : "",
    horizonEnd: calendar?.horizonEnd ?? "",
  };
}

const gated = (plan: ClusterPlan) => plan.models.filter((m) => m.spec.gated);

/** The Secrets the cluster needs: namespace, name, keys and what goes in them. */
function neededSecrets(plan: ClusterPlan): { namespace: string; name: string; keys: string; what: string }[] {
  const { apiKey, hfToken, grafanaAdmin } = plan.config.secrets;
  const gatedRepos = gated(plan).map((m) => m.spec.huggingFaceRepo);
  return [
    ...(plan.config.auth.mode === "api-key" ? [{ namespace: VLLM_NAMESPACE, name: apiKey.name, keys: apiKey.key, what: `vLLM's API key: the token \`npm run api-key -- ${plan.name}\` wrote to ${apiKeyFile(plan.name)}` }] : []),
    {
      namespace: VLLM_NAMESPACE,
      name: hfToken.name,
      keys: hfToken.key,
      what: gatedRepos.length > 0 ? `Hugging Face access token — **required**: ${gatedRepos.join(", ")} ${gatedRepos.length > 1 ? "are" : "is"} gated (accept the licence on huggingface.co with the token's account); the model pod does not start without it` : "Hugging Face access token (optional: no model of this cluster is gated)",
    },
    ...(plan.observability.prometheus ? [{ namespace: MONITORING_NAMESPACE, name: grafanaAdmin.name, keys: `admin-user, ${grafanaAdmin.key}`, what: "Grafana admin login" }] : []),
    ...plan.alertingSecrets.map((s) => ({ namespace: MONITORING_NAMESPACE, name: s.name, keys: s.key, what: s.what })),
  ];
}

function secretCommands(plan: ClusterPlan): string[] {
  const { apiKey, hfToken, grafanaAdmin } = plan.config.secrets;
  const namespace = (ns: string) => `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`;
  return [
    namespace(VLLM_NAMESPACE),
    ...(plan.config.auth.mode === "api-key" ? [`kubectl -n ${VLLM_NAMESPACE} create secret generic ${apiKey.name} --from-file=${apiKey.key}=${apiKeyFile(plan.name)}`] : []),
    gated(plan).length > 0 ? `# required: ${gated(plan).map((m) => m.spec.huggingFaceRepo).join(", ")} is gated (Hugging Face access token):` : `# optional (only gated models need it):`,
    `kubectl -n ${VLLM_NAMESPACE} create secret generic ${hfToken.name} --from-literal=${hfToken.key}="$HF_TOKEN"`,
    ...(plan.observability.prometheus
      ? [namespace(MONITORING_NAMESPACE), `kubectl -n ${MONITORING_NAMESPACE} create secret generic ${grafanaAdmin.name} --from-literal=admin-user=admin --from-literal=${grafanaAdmin.key}="$(openssl rand -base64 24)"`]
      : []),
    ...plan.alertingSecrets.map((s) => `kubectl -n ${MONITORING_NAMESPACE} create secret generic ${s.name} --from-literal=${s.key}="$ALERT_${s.key.toUpperCase().replace(/[^A-Z0-9]/g, "_")}"   # ${s.what}`),
  ];
}

function accessCommands(plan: ClusterPlan): string[] {
  const lines = [`kubectl -n ${ARGOCD_NAMESPACE} port-forward svc/argocd-server 8080:443   # Argo CD`];
  if (plan.observability.prometheus) {
    lines.push(
      `kubectl -n ${MONITORING_NAMESPACE} port-forward svc/${GRAFANA_SERVICE} 3000:80   # Grafana: dashboard "vLLM overview (${plan.name})"`,
      `kubectl -n ${MONITORING_NAMESPACE} port-forward svc/${PROMETHEUS_SERVICE} 9090:9090   # Prometheus`,
    );
  }
  if (plan.httpAddon) lines.push(`kubectl -n ${HTTP_ADDON.namespace} get interceptorroutes -A   # HTTP add-on routes`);
  return lines;
}

function alertingNote(plan: ClusterPlan): string {
  if (!plan.observability.prometheus) return "";
  const a = plan.config.alerting;
  const receivers = [...(a?.webhook ? ["a webhook"] : []), ...(a?.slack ? [`Slack ${a.slack.channel}`] : []), ...(a?.email ? [`e-mail to ${a.email.to}`] : [])];
  return receivers.length > 0 ? `Alertmanager sends alerts to ${receivers.join(", ")}.` : "Alertmanager has no receiver (`alerting` is not set in the matrix): alerts show in Prometheus and Alertmanager only.";
}

export function clusterReadme(plan: ClusterPlan, facts: RenderedFacts): string {
  const { config } = plan;
  const gpu = plan.gpuPool.flavor;
  const waves = facts.waves.map((w) => ({ wave: w.wave, apps: w.apps.map((a) => `\`${a}\``).join(", ") }));
  return render({
    marker: markerText(plan.sourceFile),
    name: plan.name,
    environment: config.environment,
    region: config.ovh.region,
    plan: config.ovh.plan,
    kubernetesVersion: config.kubernetes.version,
    waves,
    gpu: { ...config.nodePools.gpu, ...gpu, price: eur(nodePrice(plan)), priceSource: plan.gpuPool.priceSource },
    pool: { name: plan.gpuPool.name, label: `${plan.gpuPool.label.key}=${plan.gpuPool.label.value}`, taint: `${plan.gpuPool.taint.key}=${plan.gpuPool.taint.value}:${plan.gpuPool.taint.effect}` },
    cpu: config.nodePools.cpu,
    models: plan.models.map((m) => modelData(plan, m, facts)),
    secretsExternal: config.secrets.createdBy === "external",
    neededSecrets: neededSecrets(plan),
    secretCommands: secretCommands(plan),
    alertingNote: alertingNote(plan),
    accessCommands: accessCommands(plan),
    gatewayHosts: plan.models.map((m) => m.host).join(", ") || "no models",
  });
}
