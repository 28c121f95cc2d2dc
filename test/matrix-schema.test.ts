import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matrixSchemaJson } from "../generator/matrix/schema-json.js";
import { EXAMPLE_CLUSTERS } from "./helpers.js";

describe("clusters/matrix.schema.json (editor schema)", () => {
  it("is current with the TypeBox schema (run `npm run schema` when this fails)", () => {
    expect(readFileSync(path.join(EXAMPLE_CLUSTERS, "matrix.schema.json"), "utf8")).toBe(matrixSchemaJson());
  });

  it("is referenced by every example matrix file", () => {
    for (const f of ["defaults.yaml", "dev.yaml", "prod.yaml"]) {
      expect(readFileSync(path.join(EXAMPLE_CLUSTERS, f), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./matrix.schema.json");
    }
  });
});
