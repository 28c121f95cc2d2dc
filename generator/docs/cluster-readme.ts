/**
 * apps/<cluster>/README.md: what the cluster runs and every number behind it — capacity and price, fit, scaling,
 * cold start and timeouts, cost, alerts — plus the Secrets to create and how to reach the internal UIs. Pure: built
 * from the plan like every other output.
 */
import Handlebars from "handlebars";
import { GPU_FLAVORS, PRICE_SOURCE } from "../catalog/ovh.js";
import { HTTP_ADDON, readinessTimeoutSeconds } from "../layers/keda-http-addon.js";
import { GRAFANA_SERVICE, MONITORING_NAMESPACE, PROMETHEUS_SERVICE } from "../layers/prometheus-names.js";
import { routeTimeoutSeconds } from "../layers/routes.js";
import { gpuAlerts, interceptorAlerts, modelAlerts } from "../layers/vllm-alerts.js";
import { startupBudgetSeconds } from "../layers/vllm.js";
import { fit } from "../matrix/model-checks.js";
import type { ClusterPlan } from "../plan/cluster-plan.js";
import { VLLM_NAMESPACE, type ModelPlan } from "../plan/model-plan.js";
import { behaviour, eur, nodePrice, warmHoursPerMonth } from "../plan/scaling-summary.js";
import { ARGOCD_NAMESPACE } from "../render/labels.js";
import { markerText } from "../render/marker.js";
import { CLUSTER_README_TEMPLATE } from "./cluster-readme-template.js";

const render = Handlebars.compile(CLUSTER_README_TEMPLATE, { noEscape: true, strict: true });
const g = (n: number) => n.toFixed(1);

function modelData(plan: ClusterPlan, m: ModelPlan) {
  const s = m.config.scaling;
  const flavor = GPU_FLAVORS[plan.config.nodePools.gpu.flavor as keyof typeof GPU_FLAVORS];
  const f = fit(plan.config, m.config);
  const warm = warmHoursPerMonth(m);
  const price = nodePrice(plan);
  const calendar = s.schedule?.holidays ? m.calendar : undefined;
  const alerts = modelAlerts(m).map((a) => a.alert);
  if (plan.observability.prometheus) alerts.push(...gpuAlerts().map((a) => a.alert), ...interceptorAlerts(plan).map((a) => a.alert));
  return {
    name: m.name,
    repo: m.spec.huggingFaceRepo,
    vllmVersion: m.vllmVersion,
    endpoint: `${plan.config.tls.enabled ? "https" : "http"}://${m.host}/v1`,
    authHint: plan.config.auth.mode === "jwt" ? `send \`Authorization: Bearer <JWT from ${plan.config.auth.jwt!.issuer}>\`` : "send `Authorization: Bearer <the key in Secret " + plan.config.secrets.apiKey.name + ">`",
    maxModelLen: m.config.maxModelLen,
    gpus: m.gpus,
    vramGiB: flavor.vramGiB,
    gpuMemoryUtilization: m.gpuMemoryUtilization,
    fit: { weightsGiB: g(f.weightsGiB), kvGiB: g(f.kvGiB), needGiB: g(f.needGiB), usableGiB: g(f.usableGiB) },
    mode: m.mode,
    minReplicas: m.minReplicas,
    maxReplicas: s.maxReplicas,
    queueThreshold: s.queueThreshold,
    pollingInterval: s.pollingInterval,
    scaleUpPeriod: m.scaleUpPeriodSeconds,
    cooldownPeriod: s.cooldownPeriod,
    behaviour: behaviour(m).replace(/^./, (c) => c.toUpperCase()),
    cost:
      warm > 0
        ? `at least ${Math.round(warm)} node-hours a month kept warm ≈ ${eur(warm * price)}/month, plus ${eur(price)} per extra replica-hour`
        : `nothing while idle (the GPU node is released by the autoscaler); ${eur(price)} per replica-hour while serving`,
    coldStartSeconds: s.coldStartSeconds,
    downloadNote: m.config.cache?.volume === "per-replica" ? "; each replica downloads the weights into its own volume" : " from the cache volume",
    startupBudgetSeconds: startupBudgetSeconds(m),
    routeTimeoutSeconds: routeTimeoutSeconds(m),
    readinessTimeoutSeconds: m.mode === "http-addon" ? readinessTimeoutSeconds(m) : 0,
    alerts: plan.observability.prometheus ? alerts : ["(none rendered: SigNoz backend)"],
    holidays: calendar ? calendar.months.flatMap((mo) => mo.holidays.map((h) => `${h.date} ${h.name}`)).join("; ") : "",
    horizonEnd: calendar?.horizonEnd ?? "",
  };
}

/** The Secrets the cluster needs: namespace, name, keys and what goes in them. */
function neededSecrets(plan: ClusterPlan): { namespace: string; name: string; keys: string; what: string }[] {
  const { apiKey, hfToken, grafanaAdmin } = plan.config.secrets;
  return [
    ...(plan.config.auth.mode === "api-key" ? [{ namespace: VLLM_NAMESPACE, name: apiKey.name, keys: apiKey.key, what: "vLLM's API key (clients send it as Bearer token)" }] : []),
    { namespace: VLLM_NAMESPACE, name: hfToken.name, keys: hfToken.key, what: "Hugging Face access token (only for gated models)" },
    ...(plan.observability.prometheus ? [{ namespace: MONITORING_NAMESPACE, name: grafanaAdmin.name, keys: `admin-user, ${grafanaAdmin.key}`, what: "Grafana admin login" }] : []),
  ];
}

function secretCommands(plan: ClusterPlan): string[] {
  const { apiKey, hfToken, grafanaAdmin } = plan.config.secrets;
  const namespace = (ns: string) => `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`;
  return [
    namespace(VLLM_NAMESPACE),
    ...(plan.config.auth.mode === "api-key" ? [`kubectl -n ${VLLM_NAMESPACE} create secret generic ${apiKey.name} --from-literal=${apiKey.key}="$(openssl rand -hex 32)"`] : []),
    `# only for gated models (Hugging Face access token):`,
    `kubectl -n ${VLLM_NAMESPACE} create secret generic ${hfToken.name} --from-literal=${hfToken.key}="$HF_TOKEN"`,
    ...(plan.observability.prometheus
      ? [namespace(MONITORING_NAMESPACE), `kubectl -n ${MONITORING_NAMESPACE} create secret generic ${grafanaAdmin.name} --from-literal=admin-user=admin --from-literal=${grafanaAdmin.key}="$(openssl rand -base64 24)"`]
      : []),
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

export function clusterReadme(plan: ClusterPlan): string {
  const { config } = plan;
  const gpu = GPU_FLAVORS[config.nodePools.gpu.flavor as keyof typeof GPU_FLAVORS];
  return render({
    marker: markerText(plan.sourceFile),
    name: plan.name,
    environment: config.environment,
    region: config.ovh.region,
    plan: config.ovh.plan,
    kubernetesVersion: config.kubernetes.version,
    gpu: { ...config.nodePools.gpu, ...gpu, price: eur(nodePrice(plan)), priceSource: config.nodePools.gpu.eurPerHour ? "from the matrix" : PRICE_SOURCE },
    cpu: config.nodePools.cpu,
    models: plan.models.map((m) => modelData(plan, m)),
    secretsExternal: config.secrets.createdBy === "external",
    neededSecrets: neededSecrets(plan),
    secretCommands: secretCommands(plan),
    accessCommands: accessCommands(plan),
    gatewayHosts: plan.models.map((m) => m.host).join(", ") || "no models",
  });
}
