import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { YAML_OPTIONS } from "../generator/render/serialize.js";
import { emitYaml } from "../generator/render/yaml-emit.js";
import { listTree } from "../generator/writer/tree.js";
import { ROOT } from "./helpers.js";

const oracle = (data: unknown) => stringify(data, YAML_OPTIONS);

/** Strings YAML 1.1 readers take for something else, or that need quoting, block style or escapes. */
const TRAPS = [
  ...["on", "On", "ON", "off", "no", "No", "NO", "n", "N", "y", "Y", "yes", "YES", "true", "False", "null", "Null", "~", "", "<<"],
  ...["0755", "-0755", "0o755", "0x1F", "0b101", "1_000", "1e3", "1E-3", "-.5e+2", ".5", "1.", "+1", "12:30", "1:20:30.5", ".inf", "-.Inf", ".NaN", "2026-12-01", "2026-12-01T10:00:00Z"],
  ...[" lead", "trail ", " both ", "\tx", "a: b", "a:b", "a #b", "a#b", "#c", "- x", "-", "?", "? q", ":", "a:", "&anchor", "*alias", "!tag", "|", ">", "%x", "@x", "`x", "'q'", '"q"', "it's", 'say "hi"', "both ' and \"", "[a]", "{a}", "a,b"],
  ...["---", "--- x", "...", "a\n---\nb", "x\n...", "line1\nline2", "line1\nline2\n", "line1\n\n\nline2\n\n", "\nlead", " \nlead", "  indented\nnext", "trailing \nspace", "a\n ", "a\n\t", "\n", "\n\n", " "],
  ...["a\u0000b", "bell\u0007", "esc\u001b", "nel\u0085", "nbsp\u00a0", "ls\u2028", "ps\u2029", "\ud800", "tab\tin", "emoji 🚀", "Grüße", "日本語", "\u00e9t\u00e9\n\u00e9t\u00e9"],
  ...["a long line that is more than forty characters wide\nand a second line", `${"x".repeat(50)}\n \n${"y".repeat(10)}`, `${"long ".repeat(12)}"quoted"\n  next`, `${"w".repeat(45)} \nz`],
];

const trapString = fc.oneof(
  fc.constantFrom(...TRAPS),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("a", " ", "\n", "\t", ":", "#", "-", "'", '"', "0", "1", "e", ".", "~", "%", "|"), maxLength: 16 }),
  fc.array(fc.constantFrom(...TRAPS), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("\n")),
);

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, trapString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(trapString, tie("value"), { maxKeys: 4 }),
})).value;

describe("yaml emitter", () => {
  it("writes exactly what yaml.stringify writes for every YAML 1.1 trap, as a value, a key and a sequence item", () => {
    for (const s of TRAPS) {
      for (const data of [{ k: s }, { [s]: 1 }, [s], { outer: { inner: [s, { [s]: s }] } }, [[s]]]) {
        expect(emitYaml(data), JSON.stringify(data)).toBe(oracle(data));
      }
    }
  });

  it("writes exactly what yaml.stringify writes for generated JSON full of traps (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(trapString, json, { maxKeys: 6 }), fc.array(json, { maxLength: 6 })), (data) => {
        const plain = JSON.parse(JSON.stringify(data)) as unknown;
        const emitted = emitYaml(plain);
        // Outside the emitter's domain (a key over 1024 characters) the caller uses yaml itself.
        if (emitted !== undefined) expect(emitted).toBe(oracle(plain));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });

  it("handles numbers, booleans, null and empty collections as yaml does", () => {
    for (const data of [{ a: 0, b: -1, c: 1.5, d: 1e21, e: 5e-7, g: true, h: false, i: null, j: {}, k: [], l: [[], {}] }, [], {}, [null, 0, [1, [2]]]]) {
      expect(emitYaml(data)).toBe(oracle(data));
    }
  });

  it("leaves a root scalar and a key longer than 1024 characters to the yaml package", () => {
    expect(emitYaml("text")).toBeUndefined();
    expect(emitYaml(42)).toBeUndefined();
    expect(emitYaml({ ["k".repeat(1100)]: 1 })).toBeUndefined();
  });

  it("leaves what is not plain JSON below the root to toPlain and the yaml package (undefined, -0, NaN, a Date, a null prototype)", () => {
    for (const v of [undefined, -0, Number.NaN, new Date(0), Object.create(null) as object, () => 1]) {
      expect(emitYaml({ a: { b: v } })).toBeUndefined();
      expect(emitYaml([v])).toBeUndefined();
    }
  });

  it("reproduces every committed YAML file of the example tree byte for byte", () => {
    const root = ROOT;
    const files = listTree(root).filter((p) => p.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(50);
    for (const rel of files) {
      const text = readFileSync(path.join(root, rel), "utf8");
      const [marker, ...rest] = text.split("\n");
      expect(marker!.startsWith("# ")).toBe(true);
      const body = rest.join("\n");
      const emitted = emitYaml(parse(body, { version: "1.1" }));
      expect(emitted, rel).toBe(body);
    }
  });
});
