import fc from "fast-check";
import { Deployment } from "kubernetes-models/apps/v1";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { YAML_OPTIONS, toPlain, yamlFile } from "../generator/render/serialize.js";
import { markerText } from "../generator/render/marker.js";
import { emitYaml } from "../generator/render/yaml-emit.js";

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

  it("yamlFile, which emits plain data without toPlain's walk, writes and keeps what toPlain and the emitter would (property)", () => {
    const slow = (data: unknown) => {
      const plain = toPlain(data);
      return { text: `# ${markerText("x")}\n${emitYaml(plain) ?? stringify(plain, YAML_OPTIONS)}`, plain };
    };
    const check = (data: unknown) => {
      const { file, doc } = yamlFile("p.yaml", "x", data);
      const want = slow(data);
      expect(file.content).toBe(want.text);
      expect(doc.data).toStrictEqual(want.plain);
    };
    fc.assert(
      fc.property(fc.anything({ withDate: true, withNullPrototype: true, withBoxedValues: true, withSparseArray: true, maxDepth: 4 }), (v) => {
        for (const data of [{ v }, [v], { a: { v }, b: [v, { v }] }]) if (JSON.stringify(data) !== undefined) check(data);
      }),
      { numRuns: 2000, seed: 12 },
    );
    check(new Deployment({ metadata: { name: "x", labels: { a: "b" } }, spec: { selector: { matchLabels: { a: "b" } }, template: { spec: { containers: [{ name: "c", image: "i" }] } } } }));
    check(new Deployment({ metadata: { name: "x" }, spec: { replicas: -0 as never, selector: {}, template: {} } }));
    check({ toJSON: () => ({ a: 1 }), b: 2 });
    // A model class of its own serialisation: toPlain honours it, so the direct path must not take it.
    class Renamed extends Deployment {
      override toJSON() {
        return { renamed: true } as never;
      }
    }
    check(new Renamed({ metadata: { name: "x" } }));
  });
});
