/** Argo CD spec types under short names, from the typed models. */
export type { IResourceIgnoreDifferences as IIgnoreDifferences } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ResourceIgnoreDifferences";
export type { IApplicationSource } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSource";
