import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // GitHub's workflow parser imports a JSON file without an import attribute, which Node 20 refuses: let vite load it.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Golden trees are large; keep snapshot diffs readable.
    snapshotFormat: { escapeString: false },
  },
});
