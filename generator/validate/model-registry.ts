/**
 * apiVersion/kind -> @kubernetes-models class. The packages ship no registry, so this is it; a kind the generator
 * emits must be listed here (or explicitly marked as schema-only) or validation reports it.
 */
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { ReferenceGrant } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { RequestAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";

type ModelClass = new (data: never) => { validate(): void };

export const MODELS: ReadonlyMap<string, ModelClass> = new Map<string, ModelClass>([
  ["argoproj.io/v1alpha1/Application", Application],
  ["argoproj.io/v1alpha1/AppProject", AppProject],
  ["v1/Namespace", Namespace],
  ["v1/ConfigMap", ConfigMap],
  ["v1/Secret", Secret],
  ["v1/Service", Service],
  ["v1/PersistentVolumeClaim", PersistentVolumeClaim],
  ["apps/v1/Deployment", Deployment],
  ["apps/v1/StatefulSet", StatefulSet],
  ["networking.k8s.io/v1/NetworkPolicy", NetworkPolicy],
  ["rbac.authorization.k8s.io/v1/Role", Role],
  ["rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding],
  ["monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor],
  ["monitoring.coreos.com/v1/PodMonitor", PodMonitor],
  ["monitoring.coreos.com/v1/PrometheusRule", PrometheusRule],
  ["keda.sh/v1alpha1/ScaledObject", ScaledObject],
  ["cert-manager.io/v1/ClusterIssuer", ClusterIssuer],
  ["gateway.networking.k8s.io/v1/Gateway", Gateway],
  ["gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute],
  ["gateway.networking.k8s.io/v1beta1/ReferenceGrant", ReferenceGrant],
  ["security.istio.io/v1/AuthorizationPolicy", AuthorizationPolicy],
  ["security.istio.io/v1/RequestAuthentication", RequestAuthentication],
]);

/** Kinds with no @kubernetes-models package at all: the strict schema catalog is their only offline check. */
export const SCHEMA_ONLY: ReadonlyMap<string, string> = new Map([
  ["http.keda.sh/v1beta1/InterceptorRoute", "KEDA HTTP add-on v0.14+ CRD, not in @kubernetes-models/keda"],
]);
