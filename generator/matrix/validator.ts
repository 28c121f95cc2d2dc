/**
 * The matrix validator, from the TypeBox schema. The bundle carries it precompiled (ajv standalone code generated at
 * build time by scripts/bundle.ts), so no run compiles it; unbundled (tests, tsc output) it is compiled once per process.
 */
import { Ajv, _, type ValidateFunction } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import * as addFormatsModule from "ajv-formats";
import { precompiled } from "./cluster-validator-precompiled.js";
import { ClusterSchema, type ClusterConfig } from "./schema.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default: { default?: AddFormats } & AddFormats }).default.default ??
  (addFormatsModule as unknown as { default: AddFormats }).default) as AddFormats;

function compile(): { ajv: Ajv; validate: ValidateFunction<ClusterConfig> } {
  // code.formats: standalone code takes the formats from ajv-formats at run time (the same ones addFormats adds).
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  ajv.addKeyword({ keyword: "x-hint", schemaType: "string" });
  addFormats(ajv, ["email", "uri", "hostname"]);
  return { ajv, validate: ajv.compile<ClusterConfig>(ClusterSchema) };
}

/** The validator as standalone CommonJS code (the build writes it into the bundle). */
export function clusterValidatorSource(): string {
  const { ajv, validate } = compile();
  return standalone.default(ajv, validate);
}

let compiled: ValidateFunction<ClusterConfig> | undefined;

export function clusterValidator(): ValidateFunction<ClusterConfig> {
  compiled ??= (precompiled as ValidateFunction<ClusterConfig> | undefined) ?? compile().validate;
  return compiled;
}
