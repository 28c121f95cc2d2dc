/**
 * The bundle carries the matrix validator precompiled (scripts/bundle.ts); it must judge exactly as the validator
 * compiled at run time from the same schema: same verdicts, same errors.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMatrix } from "../generator/matrix/load.js";
import { clusterValidator } from "../generator/matrix/validator.js";
import { BUNDLE_SKIP, EXAMPLE_CLUSTERS, ROOT, VARIANT_CLUSTERS } from "./helpers.js";

const PRECOMPILED = path.join(ROOT, "dist", "precompiled", "cluster-validator.cjs");

describe.skipIf(BUNDLE_SKIP !== "" || !existsSync(PRECOMPILED))(`precompiled matrix validator${BUNDLE_SKIP}`, () => {
  it("gives the runtime-compiled validator's verdict and errors on valid and broken cluster configs", () => {
    const precompiled = createRequire(import.meta.url)(PRECOMPILED) as ((data: unknown) => boolean) & { errors?: unknown };
    const runtime = clusterValidator();
    const valid = [...loadMatrix(EXAMPLE_CLUSTERS).clusters, ...loadMatrix(VARIANT_CLUSTERS).clusters].map((c) => c.config as unknown as Record<string, unknown>);
    const broken: unknown[] = [
      {},
      { ...valid[0], environment: 5 },
      { ...valid[0], extra: true },
      { ...valid[0], ovh: { ...(valid[0]!["ovh"] as object), region: "" } },
      { ...valid[0], models: [{ name: "UPPER", hfModel: 3 }] },
      { ...valid[0], alerting: { email: "not-an-email" } },
    ];
    for (const data of [...valid, ...broken]) {
      const a = precompiled(data);
      const b = runtime(data);
      expect(a).toBe(b);
      expect(JSON.parse(JSON.stringify(precompiled.errors ?? null))).toEqual(JSON.parse(JSON.stringify(runtime.errors ?? null)));
    }
    expect(broken.every((b) => !runtime(b))).toBe(true);
  });
});
