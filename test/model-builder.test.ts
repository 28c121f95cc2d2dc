import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import { model } from "../generator/layers/model.js";
import { toPlain, yamlFile } from "../generator/render/serialize.js";

const yamlText = (data: unknown) => yamlFile("p.yaml", "x", data).file.content;

describe("model(): a kubernetes-models object without its constructor's copy", () => {
  const data = {
    metadata: { name: "x", labels: { a: "b" }, annotations: undefined },
    spec: { selector: { matchLabels: { a: "b" } }, replicas: undefined, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i", args: ["--x", undefined as never] }] } } },
  };

  it("GIVEN data with undefined fields THEN it serialises exactly as new Kind(data), apiVersion and kind first", () => {
    expect(yamlText(model(Deployment, data))).toBe(yamlText(new Deployment(data)));
    expect(Object.keys(toPlain(model(Application, { metadata: { name: "a" }, spec: { project: "p", destination: {}, source: { repoURL: "r" } } })) as object)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
  });

  it("GIVEN a model built this way THEN it is the class (its validate runs) and holds the data given, not a copy", () => {
    const clean = { metadata: { name: "x" }, spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i" }] } } } };
    const built = model(Deployment, clean);
    expect(built).toBeInstanceOf(Deployment);
    expect(() => built.validate()).not.toThrow();
    expect(built.spec).toBe(clean.spec);
    expect(() => model(Deployment, { ...clean, spec: { ...clean.spec, replicas: "two" as never } }).validate()).toThrow(/replicas/);
  });
});
