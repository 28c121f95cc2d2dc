/**
 * What a layer hands to the app-of-apps builder: one Argo CD Application's worth of content.
 * A layer module owns its charts, values, manifests and wave; nothing else knows them.
 */
import type { ChartKey } from "../catalog/charts.js";
import type { IIgnoreDifferences } from "./argo-types.js";

export const LAYER_NAMES = [
  "argo-cd",
  "gateway-api",
  "istio",
  "cert-manager",
  "gpu-operator",
  "prometheus",
  "vllm",
  "keda",
  "routes",
] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** A Kubernetes object rendered by the project (kubernetes-models instance or plain typed literal). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

export interface AppUnit {
  /** Application name, unique per cluster (also the values and manifests file names). */
  readonly name: string;
  readonly layer: LayerName;
  readonly wave: number;
  /** Destination namespace (created by Argo CD). */
  readonly namespace: string;
  /** One line for the Argo CD UI: what this Application is. */
  readonly description: string;
  /** An upstream Helm chart with values rendered to values/<cluster>/<name>.yaml. */
  readonly chart?: { readonly key: ChartKey; readonly releaseName: string; readonly values: Record<string, unknown> };
  /** An upstream git path (the Gateway API CRDs). */
  readonly git?: { readonly key: ChartKey };
  /** The project's own objects, rendered under apps/<cluster>/manifests/<name>/. */
  readonly manifests?: readonly KubeObject[];
  /** CRDs too large for the last-applied annotation: apply server-side. */
  readonly serverSideApply?: boolean;
  readonly ignoreDifferences?: readonly IIgnoreDifferences[];
  /** Labels for the destination namespace (Argo CD managedNamespaceMetadata). */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}
