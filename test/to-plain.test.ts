import fc from "fast-check";
import { Deployment } from "kubernetes-models/apps/v1";
import { describe, expect, it } from "vitest";
import { toPlain } from "../generator/render/serialize.js";

const viaJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe("toPlain", () => {
  it("equals the JSON round trip on arbitrary values (property)", () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withNullPrototype: true, withBoxedValues: true, withSparseArray: true, maxDepth: 4 }), (v) => {
        const text = JSON.stringify(v);
        if (text === undefined) return;
        expect(toPlain(v)).toStrictEqual(viaJson(v));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it("equals the JSON round trip on kubernetes-models objects with undefined fields and nested models", () => {
    const d = new Deployment({
      metadata: { name: "x", labels: { a: "b" }, annotations: undefined },
      spec: { selector: { matchLabels: { a: "b" } }, replicas: undefined, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i", args: [undefined as never, "x"] }] } } },
    });
    expect(toPlain({ items: [d, new Date(0), Number.NaN] })).toStrictEqual(viaJson({ items: [d, new Date(0), Number.NaN] }));
  });

  it("GIVEN parts that are plain JSON already THEN they are shared, not copied; a model root and anything changed are new", () => {
    const spec = { selector: { matchLabels: { a: "b" } }, template: { spec: { containers: [{ name: "c" }] } } };
    const plainInput = { metadata: { name: "x" }, spec };
    expect(toPlain(plainInput)).toBe(plainInput);
    const d = new Deployment({ metadata: { name: "x" }, spec });
    const plain = toPlain(d) as { spec: unknown; metadata: unknown };
    expect(plain).not.toBe(d);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain.spec).toBe(d.spec);
    const withHole = { keep: { a: 1 }, drop: { b: undefined, c: 2 } };
    const out = toPlain(withHole) as typeof withHole;
    expect(out).not.toBe(withHole);
    expect(out.keep).toBe(withHole.keep);
    expect(out.drop).toStrictEqual({ c: 2 });
  });
});
