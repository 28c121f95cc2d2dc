/** npm run verify -- <cluster> [--kubeconfig FILE] [--json] [--address IP]: the full stack, checked live. */
import { Command } from "commander";
import { readFileSync } from "node:fs";
import { resolve4 } from "node:dns/promises";
import https from "node:https";
import { clusterPlanOf, defaultKubeconfig } from "../generator/cloud/bootstrap.js";
import { kubeApi } from "../generator/cloud/kube.js";
import { checksTable, verify } from "../generator/cloud/verify.js";
import { runCommand } from "./cloud-deps.js";

/** GET through the Gateway: to `address` when given (before DNS), with the model hostname as SNI and Host. */
const get = (address?: string) => (host: string, path: string, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const req = https.request({ host: address ?? host, servername: host, path, headers: { host, ...headers }, timeout: 30_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject).on("timeout", () => req.destroy(new Error("timed out after 30 s")));
    req.end();
  });

const program = new Command("verify")
  .argument("<cluster>", "cluster name (clusters/<cluster>.yaml)")
  .option("--kubeconfig <file>", "kubeconfig (default ~/.kube/llm-gitops-<cluster>.yaml)")
  .option("--json", "machine-readable output", false)
  .option("--address <ip>", "send the API checks to this address (the Gateway's) instead of resolving the hostnames")
  .action(async (cluster: string, o: { kubeconfig?: string; json: boolean; address?: string }) => {
    await runCommand(async () => {
      const plan = clusterPlanOf(process.cwd(), cluster);
      const kube = kubeApi(readFileSync(o.kubeconfig ?? defaultKubeconfig(cluster), "utf8"), { dryRun: false, log: () => {} });
      const checks = await verify(plan, { kube, resolve: (h) => resolve4(h), get: get(o.address) });
      process.stdout.write(`${o.json ? JSON.stringify({ cluster, checks }, null, 2) : checksTable(checks).join("\n")}\n`);
      return checks.every((c) => c.ok) ? 0 : 1;
    });
  });
await program.parseAsync(process.argv);
