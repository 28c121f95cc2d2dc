/**
 * A schema as ajv should compile it: the same verdicts and errors, a fraction of the work. Kubernetes schemas repeat
 * large subschemas (the Application CRD has its `source` in spec, status and history; a pod template repeats the
 * container schema for containers, init and ephemeral containers, and the probe schema thrice in each). ajv inlines
 * every occurrence: 1.5 MB of generated code and ~0.4 s to compile the Application CRD alone. Here each subschema
 * that occurs twice or more is compiled once, as a definition the occurrences refer to, and annotations (description,
 * title, examples, comments), which never change a verdict, are dropped. Error instance paths, keywords, parameters
 * and messages stay those of the original; only schema paths point into the definitions.
 * A schema with identifiers of its own, or references other than to its root's definitions (`#/$defs/name`,
 * `#/definitions/name`, which stay where they are), is returned as it is: moving subschemas could change what they
 * resolve to.
 */

/** Keywords whose value is one subschema. */
const ONE = new Set(["items", "additionalItems", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"]);
/** Keywords whose value is a list of subschemas. */
const LIST = new Set(["allOf", "anyOf", "oneOf", "items"]);
/** Keywords whose value maps names to subschemas. */
const MAP = new Set(["properties", "patternProperties", "definitions", "$defs", "dependencies"]);
const ANNOTATIONS = new Set(["description", "title", "examples", "$comment"]);
const SCOPED = /"\$(?:id|anchor|dynamicRef|dynamicAnchor|recursiveRef|recursiveAnchor)"\s*:/;
const REF = /"\$ref"\s*:\s*("(?:[^"\\]|\\.)*")?/g;
const ROOT_DEFINITION = /^#\/(?:\$defs|definitions)\/[^/~%]+$/;
/** Whether moving subschemas keeps every reference and identifier resolving as before. */
function movable(text: string): boolean {
  if (SCOPED.test(text)) return false;
  for (const m of text.matchAll(REF)) if (m[1] === undefined || !ROOT_DEFINITION.test(JSON.parse(m[1]) as string)) return false;
  return true;
}
/** Smaller subschemas are cheap to inline; sharing them would only add calls. */
const MIN_SHARED_LENGTH = 400;
export const SHARED_PREFIX = "llm-gitops-shared-";

type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** `node` with `f` applied to each direct subschema (other keywords copied, annotations dropped). */
function mapSubschemas(node: Schema, f: (s: Schema) => Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (ANNOTATIONS.has(k)) continue;
    if (ONE.has(k) && isSchema(v)) out[k] = f(v);
    else if (LIST.has(k) && Array.isArray(v)) out[k] = v.map((s) => (isSchema(s) ? f(s) : s));
    else if (MAP.has(k) && isSchema(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, isSchema(s) ? f(s) : s]));
    else out[k] = v;
  }
  return out;
}

/** The root schema (its text, as read) rewritten for compiling; `shared` counts the definitions added. */
export function shareSubschemas(text: string): { schema: Schema; shared: number } {
  const root = JSON.parse(text) as Schema;
  delete root["$schema"];
  delete root["$id"];
  if (!movable(JSON.stringify(root))) return { schema: root, shared: 0 };
  // Annotations first: subschemas that differ only in their descriptions are the same subschema.
  const strip = (s: Schema): Schema => mapSubschemas(s, strip);
  const bare = strip(root);
  // Each subschema's identity, in one pass: the JSON of its own keywords with its subschemas replaced by their
  // identities (equal subschemas get equal ones); its size, the length of its whole text near enough; and how often
  // each identity occurs below the root.
  const shapes = new Map<string, number>();
  const identity = new Map<Schema, { id: number; size: number }>();
  const seen = new Map<number, number>();
  const identify = (s: Schema): Schema => {
    let size = 0;
    const shape = JSON.stringify(
      mapSubschemas(s, (child) => {
        identify(child);
        const known = identity.get(child)!;
        size += known.size;
        return { "#": known.id };
      }),
    );
    let id = shapes.get(shape);
    if (id === undefined) shapes.set(shape, (id = shapes.size));
    identity.set(s, { id, size: size + shape.length });
    seen.set(id, (seen.get(id) ?? 0) + 1);
    return s;
  };
  mapSubschemas(bare, identify);
  const names = new Map<number, string>();
  const definitions: Schema = {};
  const share = (s: Schema): Schema => {
    const { id, size } = identity.get(s)!;
    if (size < MIN_SHARED_LENGTH || (seen.get(id) ?? 0) < 2) return mapSubschemas(s, share);
    let name = names.get(id);
    if (name === undefined) {
      name = `${SHARED_PREFIX}${names.size}`;
      names.set(id, name);
      definitions[name] = mapSubschemas(s, share);
    }
    return { $ref: `#/definitions/${name}` };
  };
  const schema = mapSubschemas(bare, share);
  if (names.size > 0) schema["definitions"] = { ...(isSchema(schema["definitions"]) ? schema["definitions"] : {}), ...definitions };
  return { schema, shared: names.size };
}
