/**
 * Validators compiled from schemas with shared subschemas (generator/validate/shared-subschemas.ts) must judge every
 * object exactly as validators compiled from the schemas as written: same verdict, same errors (instance path,
 * keyword, parameters, message). Checked on a synthetic schema offline, and with ../shared on every schema the
 * example tree is validated against (and the charts' values schemas), over the example objects and fast-check
 * mutations of them.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import fc from "fast-check";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMatrix } from "../generator/matrix/load.js";
import { render } from "../generator/render/render.js";
import { kubeDocs } from "../generator/validate/kube-docs.js";
import { schemaSource } from "../generator/validate/schema-catalog.js";
import { NOOP_FORMATS, compileSchema, re2 } from "../generator/validate/schema-compile.js";
import { SHARED_PREFIX, shareSubschemas } from "../generator/validate/shared-subschemas.js";
import { CHART_CACHE, EXAMPLE_CLUSTERS, SCHEMAS, SKIP_REASON } from "./helpers.js";

/** The schema as written, compiled the plain way: every subschema inlined where it occurs. */
function reference(text: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, code: { regExp: re2 as never, optimize: false } });
  for (const f of NOOP_FORMATS) ajv.addFormat(f, true);
  const schema = JSON.parse(text) as Record<string, unknown>;
  delete schema["$schema"];
  delete schema["$id"];
  return ajv.compile(schema);
}

const judged = (validate: ValidateFunction, data: unknown) => {
  const valid = validate(data);
  const errors = (validate.errors ?? []).map((e: ErrorObject) => JSON.stringify([e.instancePath, e.keyword, e.params, e.message])).sort();
  return { valid, errors };
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value (objects and arrays), the root included. */
function paths(value: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

type Mutation = { kind: "set"; value: Json } | { kind: "add"; key: string; value: Json } | { kind: "delete" };
const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -3, max: 70000 }), fc.constantFrom(-1, 0, 65536, 2147483648), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 6 }), fc.constantFrom("", "0", "true", "TCP", "Always", "apps/v1"));
const json: fc.Arbitrary<Json> = fc.oneof(leaf, fc.array(leaf, { maxLength: 2 }), fc.dictionary(fc.constantFrom("name", "port", "x", "value"), leaf, { maxKeys: 2 }));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  json.map((value) => ({ kind: "set" as const, value })),
  fc.tuple(fc.constantFrom("name", "fieldThatDoesNotExist", "port", "image", "x-unknown"), json).map(([key, value]) => ({ kind: "add" as const, key, value })),
  fc.constant({ kind: "delete" as const }),
);

function mutate(original: Json, at: (string | number)[], m: Mutation): Json {
  const copy = structuredClone(original);
  if (at.length === 0) return m.kind === "set" ? m.value : m.kind === "add" && copy && typeof copy === "object" && !Array.isArray(copy) ? { ...copy, [m.key]: m.value } : copy;
  let parent = copy as Record<string | number, Json>;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = at[at.length - 1]!;
  if (m.kind === "set") parent[last] = m.value;
  else if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target && typeof target === "object" && !Array.isArray(target)) target[m.key] = m.value;
    else parent[last] = { [m.key]: m.value };
  }
  return copy;
}

/**
 * The test's own account of the rewrite: the original less its annotations, where subschemas are (a property named
 * like an annotation stays).
 */
function withoutAnnotations(node: unknown, atSchema = true): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutAnnotations(n, atSchema));
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!atSchema) out[k] = withoutAnnotations(v, true);
    else if (["description", "title", "examples", "$comment"].includes(k)) continue;
    else if (["properties", "patternProperties", "definitions", "$defs", "dependencies"].includes(k)) out[k] = withoutAnnotations(v, false);
    else if (["items", "additionalItems", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "allOf", "anyOf", "oneOf"].includes(k)) out[k] = withoutAnnotations(v, true);
    else out[k] = v;
  }
  return out;
}

/** The rewritten schema with every shared definition put back where it is referred to. */
function expanded(schema: Record<string, unknown>): unknown {
  const definitions = (schema["definitions"] ?? {}) as Record<string, unknown>;
  const put = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(put);
    if (!node || typeof node !== "object") return node;
    const ref = (node as Record<string, unknown>)["$ref"];
    if (typeof ref === "string" && ref.startsWith(`#/definitions/${SHARED_PREFIX}`)) return put(definitions[ref.slice("#/definitions/".length)]);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, put(v)]));
  };
  const out = put(schema) as Record<string, unknown>;
  const own = Object.fromEntries(Object.entries((out["definitions"] ?? {}) as Record<string, unknown>).filter(([k]) => !k.startsWith(SHARED_PREFIX)));
  if (Object.keys(own).length > 0) out["definitions"] = own;
  else delete out["definitions"];
  return out;
}

function expectSameSchema(text: string): void {
  const original = JSON.parse(text) as Record<string, unknown>;
  delete original["$schema"];
  delete original["$id"];
  const { schema } = shareSubschemas(text);
  if (JSON.stringify(schema) === JSON.stringify(original)) return; // compiled as written
  expect(expanded(schema)).toEqual(withoutAnnotations(original));
}

/** The two validators agree on each object and on `runs` mutations of each; how many mutations both rejected. */
function expectSameJudgement(text: string, objects: readonly Json[], runs: number): number {
  let rejected = 0;
  const ours = compileSchema(text).validate;
  const theirs = reference(text);
  for (const o of objects) expect(judged(ours, o)).toEqual(judged(theirs, o));
  fc.assert(
    fc.property(fc.nat({ max: objects.length - 1 }), fc.nat(), mutation, (which, pick, m) => {
      const o = objects[which]!;
      const all = paths(o);
      const changed = mutate(o, all[pick % all.length]!, m);
      const verdict = judged(ours, changed);
      expect(verdict).toEqual(judged(theirs, changed));
      if (!verdict.valid) rejected++;
    }),
    { numRuns: runs, seed: 20261201 },
  );
  return rejected;
}

describe("shared subschemas (offline)", () => {
  const container = { type: "object", additionalProperties: false, description: "a container", properties: { name: { type: "string", description: "its name" }, image: { type: "string" }, ports: { type: "array", items: { type: "object", additionalProperties: false, required: ["port"], properties: { port: { type: "integer", minimum: 1, maximum: 65535 }, name: { type: "string", pattern: "^[a-z]+$" } } } }, description: { type: "string", enum: ["description", "title"], default: "title" } }, required: ["name"] };
  const schema = { type: "object", additionalProperties: false, properties: { containers: { type: "array", items: container }, initContainers: { type: "array", maxItems: 5, items: container }, sidecar: container, kind: { type: "string" } } };
  const text = JSON.stringify(schema);

  it("GIVEN a subschema that occurs three times THEN it is compiled once, as a definition all three refer to, without annotations", () => {
    const { schema: out, shared } = shareSubschemas(text);
    expect(shared).toBe(1);
    const name = `${SHARED_PREFIX}0`;
    const props = out["properties"] as Record<string, Record<string, unknown>>;
    expect(props["sidecar"]).toEqual({ $ref: `#/definitions/${name}` });
    expect((props["containers"]!["items"] as unknown)).toEqual({ $ref: `#/definitions/${name}` });
    const definition = (out["definitions"] as Record<string, Record<string, unknown>>)[name]!;
    expect(definition["description"]).toBeUndefined();
    // A property named "description" is a property, not an annotation; enum and default values are data.
    expect((definition["properties"] as Record<string, unknown>)["description"]).toEqual({ type: "string", enum: ["description", "title"], default: "title" });
  });

  it("GIVEN an identifier or a reference that does not name a root definition THEN the schema is compiled as written", () => {
    const withId = { ...schema, properties: { ...schema.properties, other: { ...container, $id: "https://example.test/c" } } };
    expect(shareSubschemas(JSON.stringify(withId)).shared).toBe(0);
    const withPointer = { ...schema, properties: { ...schema.properties, other: { $ref: "#/properties/sidecar" } } };
    expect(shareSubschemas(JSON.stringify(withPointer)).shared).toBe(0);
    const withDefinitionRef = { ...schema, $defs: { port: { type: "integer" } }, properties: { ...schema.properties, other: { $ref: "#/$defs/port" } } };
    expect(shareSubschemas(JSON.stringify(withDefinitionRef)).shared).toBe(1);
  });

  it("GIVEN valid and mutated objects THEN the shared and the written schema judge them alike", () => {
    expectSameSchema(text);
    const objects: Json[] = [{ kind: "Pod", containers: [{ name: "a", image: "x", ports: [{ port: 80, name: "http" }] }], initContainers: [{ name: "i" }], sidecar: { name: "s", description: "title" } }];
    expect(expectSameJudgement(text, objects, 400)).toBeGreaterThan(100);
  });
});

describe.skipIf(!SCHEMAS)(`shared subschemas against the schema catalog${SCHEMAS ? "" : ` — ${SKIP_REASON}`}`, () => {
  it("GIVEN every schema the example tree is validated against THEN shared and written schemas judge its objects and their mutations alike", () => {
    const byFile = new Map<string, { text: string; objects: Json[] }>();
    for (const doc of kubeDocs(render(loadMatrix(EXAMPLE_CLUSTERS)).docs)) {
      const source = schemaSource(SCHEMAS!, doc.apiVersion, doc.kind);
      if (!source) continue;
      const entry = byFile.get(source.file) ?? { text: source.text, objects: [] };
      entry.objects.push(doc.data as Json);
      byFile.set(source.file, entry);
    }
    expect(byFile.size).toBeGreaterThan(10);
    // The large CRDs and the derived StatefulSet are where sharing changes the most.
    expect([...byFile.values()].filter((e) => shareSubschemas(e.text).shared > 0).length).toBeGreaterThan(5);
    // The mutations must reach the validators' failing paths, not only pass.
    for (const { text, objects } of byFile.values()) {
      expectSameSchema(text);
      expect(expectSameJudgement(text, objects, 60)).toBeGreaterThan(10);
    }
  });

  it("GIVEN the charts' values schemas (with references to their own definitions) THEN shared and written schemas judge the chart defaults alike", () => {
    const subdirs = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(dir, d.name));
    const files = subdirs(CHART_CACHE!).flatMap(subdirs);
    const withSchema = files.filter((dir) => existsSync(path.join(dir, "values.schema.json")));
    // cert-manager's refers only to its own definitions: rewritten (annotations dropped), not compiled as written.
    const rewritten = (t: string) => JSON.stringify(shareSubschemas(t).schema).length < JSON.stringify(JSON.parse(t)).length - 1000;
    expect(withSchema.filter((dir) => rewritten(readFileSync(path.join(dir, "values.schema.json"), "utf8"))).length).toBeGreaterThan(0);
    for (const dir of withSchema) {
      const text = readFileSync(path.join(dir, "values.schema.json"), "utf8");
      expectSameSchema(text);
      const objects: Json[] = [{}, { replicaCount: 2, image: { repository: "x", tag: 1 } }, { unknownTopLevel: true }];
      expectSameJudgement(text, objects, 60);
    }
  });
});
