/**
 * Bundles the compiled CLI. Loading thousands of small modules (kubernetes-models ships a file per type) costs about
 * half a second per run; one bundle loads in a fraction of it. Two outputs:
 * - dist/llm-gitops.cjs: the generator (CommonJS, so the launcher can evaluate it with a V8 code cache);
 * - dist/llm-gitops.mjs: the launcher, the program itself (small: answers a memoised no-op without the generator);
 * and dist/llm-gitops.build.json, the generator bundle's hash (the run memo and the code cache are keyed on it).
 * re2-wasm stays external: it loads its .wasm file from next to itself.
 */
import { build, type BuildOptions, type Plugin } from "esbuild";
import Handlebars from "handlebars";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = path.join(root, "dist");
// The matrix validator, compiled now instead of in every run (generator/matrix/cluster-validator-precompiled.ts).
const precompiledDir = path.join(dist, "precompiled");
mkdirSync(precompiledDir, { recursive: true });
const { clusterValidatorSource } = (await import(pathToFileURL(path.join(dist, "generator", "matrix", "validator.js")).href)) as { clusterValidatorSource: () => string };
writeFileSync(path.join(precompiledDir, "cluster-validator.cjs"), clusterValidatorSource());
writeFileSync(path.join(precompiledDir, "cluster-validator-precompiled.js"), 'import validate from "./cluster-validator.cjs";\nexport const precompiled = validate;\n');
// The cluster README's Handlebars template, precompiled with the options it is compiled with at run time.
const template = (await import(pathToFileURL(path.join(dist, "generator", "docs", "cluster-readme-template.js")).href)) as { CLUSTER_README_TEMPLATE: string; README_COMPILE_OPTIONS: Parameters<typeof Handlebars.precompile>[1] };
writeFileSync(path.join(precompiledDir, "cluster-readme-precompiled.js"), `export const precompiled = ${Handlebars.precompile(template.CLUSTER_README_TEMPLATE, template.README_COMPILE_OPTIONS)};\n`);
const precompiledModules: Plugin = {
  name: "precompiled-modules",
  setup(b) {
    b.onResolve({ filter: /[/\\](cluster-validator|cluster-readme)-precompiled\.js$/ }, (args) => ({ path: path.join(precompiledDir, path.basename(args.path)) }));
  },
};

// kubernetes-models' RE2 runtime, created on first use instead of at load (scripts/lazy-re2.ts).
const lazyRe2: Plugin = {
  name: "lazy-re2",
  setup(b) {
    b.onResolve({ filter: /^@kubernetes-models\/validate\/runtime\/re2$/ }, () => ({ path: path.join(dist, "scripts", "lazy-re2.js") }));
  },
};

// date-holidays (and moment-timezone's zone data) evaluated on first use, not at load (scripts/lazy-holidays.cjs).
const lazyHolidays: Plugin = {
  name: "lazy-holidays",
  setup(b) {
    b.onResolve({ filter: /^date-holidays$/ }, (args) => (args.importer.endsWith(path.join("calendar", "holidays.js")) ? { path: path.join(root, "scripts", "lazy-holidays.cjs") } : undefined));
  },
};

const common: BuildOptions = { bundle: true, platform: "node", target: "node20", external: ["re2-wasm"], logLevel: "warning" };

await build({
  ...common,
  entryPoints: [path.join(dist, "generator", "cli.js")],
  outfile: path.join(dist, "llm-gitops.cjs"),
  format: "cjs",
  plugins: [precompiledModules, lazyRe2, lazyHolidays],
  minify: true,
  // esbuild's default, stated: non-ASCII characters are escaped, so the launcher can read the bundle as latin1.
  charset: "ascii",
  // The sources are ES modules: give them their import.meta.url back (the bundle's own file).
  define: { "import.meta.url": "__llmGitopsUrl" },
  banner: { js: "const __llmGitopsUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({
  ...common,
  entryPoints: [path.join(dist, "generator", "launcher.js")],
  outfile: path.join(dist, "llm-gitops.mjs"),
  format: "esm",
  // CommonJS dependencies inside an ES module bundle need a `require` (the entry keeps its own #! line).
  banner: { js: "import { createRequire as __llmGitopsRequire } from 'node:module';\nconst require = __llmGitopsRequire(import.meta.url);" },
});
const id = createHash("sha256").update(readFileSync(path.join(dist, "llm-gitops.cjs"))).digest("hex").slice(0, 32);
writeFileSync(path.join(dist, "llm-gitops.build.json"), `${JSON.stringify({ id })}\n`);
