/**
 * Bundles the compiled CLI into one module (dist/llm-gitops.mjs). Loading thousands of small modules
 * (kubernetes-models ships a file per type) costs about half a second per run; one bundle loads in a fraction of it.
 * re2-wasm stays external: it loads its .wasm file from next to itself.
 */
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

await build({
  entryPoints: [path.join(root, "dist", "generator", "cli.js")],
  outfile: path.join(root, "dist", "llm-gitops.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["re2-wasm"],
  // CommonJS dependencies inside an ES module bundle need a `require` (the entry keeps its own #! line).
  banner: { js: "import { createRequire as __llmGitopsRequire } from 'node:module';\nconst require = __llmGitopsRequire(import.meta.url);" },
  logLevel: "warning",
});
