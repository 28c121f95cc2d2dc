/**
 * The module structure the design promises: plan/ and docs/ read no layer module (every derived number lives in the
 * plan), lower parts never import higher ones, and no module imports itself through a circle.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const GENERATOR = path.join(ROOT, "generator");

function modules(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".ts")) {
        const rel = path.relative(GENERATOR, full).split(path.sep).join("/");
        const text = readFileSync(full, "utf8");
        // Value imports only: `import type` vanishes at run time (the matrix checks share a type with their index).
        const deps = [...text.matchAll(/^(?:import|export)(?! type)[^;]*? from "(\.{1,2}\/[^"]+)\.js";/gms)].map((m) =>
          path.relative(GENERATOR, path.resolve(path.dirname(full), `${m[1]}.ts`)).split(path.sep).join("/"),
        );
        graph.set(rel, deps);
      }
    }
  };
  walk(GENERATOR);
  return graph;
}

const part = (module: string) => (module.includes("/") ? module.split("/")[0]! : module);

describe("module structure", () => {
  const graph = modules();

  it("reads every module (sanity: the import scan finds the layers)", () => {
    expect(graph.get("layers/index.ts")!.length).toBeGreaterThan(5);
  });

  it("plan/ and docs/ import nothing from layers/", () => {
    const offending = [...graph].flatMap(([m, deps]) => (["plan", "docs"].includes(part(m)) ? deps.filter((d) => part(d) === "layers").map((d) => `${m} -> ${d}`) : []));
    expect(offending).toEqual([]);
  });

  it("lower parts import no higher part (catalog < matrix < plan < layers/dashboards < render/docs/charts/diff < validate < commands)", () => {
    const rank: Record<string, number> = { catalog: 0, calendar: 0, secrets: 0, "errors.ts": 0, cache: 0, matrix: 1, plan: 2, dashboards: 3, layers: 3, render: 4, docs: 4, writer: 4, charts: 4, diff: 4, validate: 5, simulate: 5, cloud: 5, commands: 6, "cli.ts": 7, "launcher.ts": 7 };
    const offending = [...graph].flatMap(([m, deps]) =>
      deps.filter((d) => (rank[part(d)] ?? 0) > (rank[part(m)] ?? 0) && !(part(m) === "render" && part(d) === "docs")).map((d) => `${m} -> ${d}`),
    );
    expect(offending).toEqual([]);
  });

  it("has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (m: string, stack: string[]) => {
      if (state.get(m) === "done") return;
      if (state.get(m) === "open") {
        cycles.push([...stack.slice(stack.indexOf(m)), m].join(" -> "));
        return;
      }
      state.set(m, "open");
      for (const d of graph.get(m) ?? []) visit(d, [...stack, m]);
      state.set(m, "done");
    };
    for (const m of graph.keys()) visit(m, []);
    expect(cycles).toEqual([]);
  });
});
