/**
 * npm run schema: writes clusters/matrix.schema.json from the TypeBox schema, for editors
 * (`# yaml-language-server: $schema=./matrix.schema.json`). A test fails when the file is stale.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { matrixSchemaJson } from "../generator/matrix/schema-json.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
writeFileSync(path.join(root, "clusters", "matrix.schema.json"), matrixSchemaJson());
console.log("wrote clusters/matrix.schema.json");
