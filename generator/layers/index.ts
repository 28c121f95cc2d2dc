/** Every layer of a cluster, in wave order. */
import type { ClusterPlan } from "../plan/cluster-plan.js";
import type { AppUnit } from "./app-unit.js";
import { argoCdLayer } from "./argo-cd.js";
import { certManagerLayer } from "./cert-manager.js";
import { gatewayApiLayer } from "./gateway-api.js";
import { gpuOperatorLayer } from "./gpu-operator.js";
import { istioLayer } from "./istio.js";
import { kedaLayer } from "./keda.js";
import { kedaHttpAddonLayer } from "./keda-http-addon.js";
import { vllmLayer } from "./vllm.js";
import { prometheusLayer } from "./prometheus.js";
import { routesLayer } from "./routes.js";
import { signozScrapeLayer } from "./signoz-scrape.js";

type LayerRenderer = (plan: ClusterPlan) => AppUnit[];

const LAYERS: readonly LayerRenderer[] = [
  argoCdLayer,
  gatewayApiLayer,
  istioLayer,
  certManagerLayer,
  gpuOperatorLayer,
  prometheusLayer,
  signozScrapeLayer,
  kedaLayer,
  kedaHttpAddonLayer,
  routesLayer,
  vllmLayer,
];

export function renderLayers(plan: ClusterPlan): AppUnit[] {
  return LAYERS.flatMap((layer) => layer(plan)).sort((a, b) => a.wave - b.wave || a.name.localeCompare(b.name));
}
