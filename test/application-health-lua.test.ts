/**
 * The Application health check Argo CD runs for each child (the root's wave gate waits on it), executed by a real
 * Lua 5.1 interpreter against Application objects for each case. The script under test is read from the rendered
 * values/dev/argo-cd.yaml: exactly what the cluster's argocd-cm carries.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadMatrix } from "../generator/matrix/load.js";
import { render } from "../generator/render/render.js";
import { EXAMPLE_CLUSTERS, luaTool } from "./helpers.js";

const LUA = luaTool();
const KEY = "resource.customizations.health.argoproj.io_Application";

/** A JSON value as a Lua table constructor (gopher-lua hands the script the object the same way). */
function luaValue(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `{${v.map(luaValue).join(", ")}}`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `[${JSON.stringify(k)}] = ${luaValue(x)}`).join(", ")}}`;
}

function health(script: string, app: unknown): { status: string; message: string } {
  const program = `obj = ${luaValue(app)}\nlocal hs = assert(loadstring(${JSON.stringify(script)}))()\nio.write(hs.status, "\\n", hs.message)`;
  const r = spawnSync(LUA.path!, ["-"], { input: program, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`lua5.1 failed: ${r.stderr}`);
  const [status, ...message] = r.stdout.split("\n");
  return { status: status!, message: message.join("\n") };
}

describe.skipIf(!LUA.path)(`Application health check in Lua 5.1${LUA.path ? "" : ` — ${LUA.skip}`}`, () => {
  const values = render(loadMatrix(EXAMPLE_CLUSTERS)).docs.find((d) => d.path === "values/dev/argo-cd.yaml")!.data as { configs: { cm: Record<string, string> } };
  const script = values.configs.cm[KEY]!;
  const app = (status: unknown) => ({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "keda" }, ...(status ? { status } : {}) });

  it.each([
    ["no status yet", undefined, "Progressing"],
    ["Synced and Healthy", { sync: { status: "Synced" }, health: { status: "Healthy" }, operationState: { phase: "Succeeded" } }, "Healthy"],
    ["Healthy but OutOfSync (a resource failed to apply: argo-cd#27917)", { sync: { status: "OutOfSync" }, health: { status: "Healthy" } }, "Progressing"],
    ["Healthy and Synced while a sync operation is Running", { sync: { status: "Synced" }, health: { status: "Healthy" }, operationState: { phase: "Running" } }, "Progressing"],
    ["Synced and Degraded", { sync: { status: "Synced" }, health: { status: "Degraded", message: "CrashLoopBackOff" } }, "Degraded"],
    ["Synced without health", { sync: { status: "Synced" } }, "Progressing"],
    ["sync status Unknown", { sync: { status: "Unknown" }, health: { status: "Healthy" } }, "Progressing"],
    ["Synced and Missing", { sync: { status: "Synced" }, health: { status: "Missing" } }, "Missing"],
  ])("GIVEN an Application %s THEN it reports %s", (_case, status, expected) => {
    expect(health(script, app(status)).status).toBe(expected);
  });

  it("says why it is not Healthy yet", () => {
    expect(health(script, app({ sync: { status: "OutOfSync" }, health: { status: "Healthy" } })).message).toBe("sync status is OutOfSync");
    expect(health(script, app({ sync: { status: "Synced" }, health: { status: "Healthy" }, operationState: { phase: "Running" } })).message).toBe("a sync operation is running");
    expect(health(script, app({ sync: { status: "Synced" }, health: { status: "Degraded", message: "CrashLoopBackOff" } })).message).toBe("CrashLoopBackOff");
  });
});
