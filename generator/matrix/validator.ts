/** The matrix validator, compiled once per process from the TypeBox schema. */
import { Ajv, type ValidateFunction } from "ajv";
import * as addFormatsModule from "ajv-formats";
import { ClusterSchema, type ClusterConfig } from "./schema.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default: { default?: AddFormats } & AddFormats }).default.default ??
  (addFormatsModule as unknown as { default: AddFormats }).default) as AddFormats;

let compiled: ValidateFunction<ClusterConfig> | undefined;

export function clusterValidator(): ValidateFunction<ClusterConfig> {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    ajv.addKeyword({ keyword: "x-hint", schemaType: "string" });
    addFormats(ajv, ["email", "uri", "hostname"]);
    compiled = ajv.compile<ClusterConfig>(ClusterSchema);
  }
  return compiled;
}
