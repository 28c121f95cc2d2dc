/** npm run destroy -- <cluster> [--yes] [--kubeconfig FILE] [--timeout MINUTES]: everything bootstrap made, gone. */
import { Command } from "commander";
import { createInterface } from "node:readline/promises";
import { destroy } from "../generator/cloud/destroy.js";
import { cloudDeps, runCommand } from "./cloud-deps.js";

const program = new Command("destroy")
  .argument("<cluster>", "cluster name (clusters/<cluster>.yaml)")
  .option("--yes", "do not ask for the cluster name", false)
  .option("--kubeconfig <file>", "where the kubeconfig is written (default ~/.kube/llm-gitops-<cluster>.yaml)")
  .option("--timeout <minutes>", "how long to wait for each step", "60")
  .option("--poll <seconds>", "seconds between status polls", "10")
  .action(async (cluster: string, o: { yes: boolean; kubeconfig?: string; timeout: string; poll: string }) => {
    const confirm = async () => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`This deletes MKS cluster ${cluster}, its load balancer and volumes. Type the cluster name to go on: `);
      rl.close();
      return answer;
    };
    await runCommand(() => destroy({ cluster, yes: o.yes, confirm, timeoutMinutes: Number(o.timeout), pollSeconds: Number(o.poll), ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}) }, cloudDeps()));
  });
await program.parseAsync(process.argv);
