/**
 * `npm run <command>`: builds when a source changed (scripts/build.mjs), then runs the program in this same process
 * (one Node start-up, not two).
 */
import { ensureBuilt } from "./build.mjs";

ensureBuilt();
const { main } = await import("../dist/llm-gitops.mjs");
process.exitCode = await main(process.argv.slice(2));
